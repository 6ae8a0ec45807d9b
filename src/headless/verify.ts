// `verify` without prompts (--ci, --json): attestation checks come from the local
// record or are unknown. With --json, stdout carries the one JSON document and nothing else.
import { AwsError, describeAwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import { readRecord, type RecordOptions } from '../steps/local-record.js';
import {
  CHECK_GROUPS,
  buildVerifyDocument,
  recordVerifyRun,
  runVerify,
  statusLabel,
  verifyExitCode,
  writeVerifyReports,
  type VerifyOptions,
} from '../steps/verify.js';

export interface VerifyHeadlessOptions extends RecordOptions, VerifyOptions {
  json: boolean;
  version: string;
  rootEmail?: string;
  /** stdout: the JSON document, or the plain report */
  out: (text: string) => void;
  /** stderr: errors, and where the reports were written in --json mode */
  err: (text: string) => void;
}

export async function runVerifyHeadless(session: Session, opts: VerifyHeadlessOptions): Promise<number> {
  let ctx;
  let preflight;
  try {
    [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
  } catch (e) {
    if (e instanceof AwsError) {
      const d = describeAwsError(e);
      opts.err(`mvsp-setup verify: ${d.title}\n  ${d.detail}\n  What to do: ${d.fix}\n`);
      return 2;
    }
    throw e;
  }
  const recordOpts: RecordOptions = opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {};
  const record = await readRecord(preflight.caller.accountId, recordOpts).catch(() => null);
  const checkedAt = ctx.now();
  const { checks } = await runVerify(
    { ...ctx, now: () => checkedAt },
    { record, ...(opts.rootEmail ? { rootEmail: opts.rootEmail } : {}) },
    opts,
  );
  const doc = buildVerifyDocument({ version: opts.version, checkedAt, caller: preflight.caller, alias: preflight.alias, checks });
  let saved: string | null = null;
  try {
    const paths = await writeVerifyReports(doc, recordOpts);
    await recordVerifyRun(doc, null, recordOpts);
    saved = `report written to ${paths.markdown} (and .json)`;
  } catch (e) {
    opts.err(`mvsp-setup verify: could not write the report files: ${(e as Error).message}\n`);
  }
  if (opts.json) {
    opts.out(`${JSON.stringify(doc, null, 2)}\n`);
    if (saved) opts.err(`${saved}\n`);
    return verifyExitCode(checks);
  }
  const lines = [
    `mvsp-setup verify — account ${doc.account.id}${doc.account.alias ? ` (${doc.account.alias})` : ''} · caller ${doc.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`,
  ];
  for (const g of CHECK_GROUPS) {
    lines.push('', g.title);
    for (const id of g.ids) {
      const c = checks.find((x) => x.id === id)!;
      lines.push(`  ${statusLabel(c.status).padEnd(10)} ${c.id}: ${c.title}`, `             ${c.detail}`);
      if (c.status !== 'pass') lines.push(`             Fix: ${c.fix}`);
    }
  }
  const s = doc.summary;
  lines.push('', `summary: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown`);
  if (saved) lines.push(saved);
  opts.out(`${lines.join('\n')}\n`);
  return verifyExitCode(checks);
}
