// Who can reach root, from the local record the day-one wizard and verify keep: the
// holders named there and in the latest attestation.
import { readRecord, type RecordOptions } from '../steps/local-record.js';

export async function readRootHolders(accountId: string, opts: RecordOptions = {}): Promise<string[]> {
  try {
    const record = await readRecord(accountId, opts);
    const latest = record.attestations.at(-1)?.holders ?? [];
    return [...new Set([...record.rootHolders, ...latest])];
  } catch {
    // an unreadable record only costs the warning, not the offboarding
    return [];
  }
}
