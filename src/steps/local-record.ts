// The small per-account record kept on this machine: who can reach root, where the
// root password and each MFA device are kept (places only, never secrets), the root
// email, and the date of every check and attestation. One JSON file per account id
// under the user's data dir (dir 0700, file 0600).
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';

export interface RecordOptions {
  /** the data dir; default: the platform's data dir for mvsp-setup (XDG on Linux) */
  dataDir?: string;
}

export interface MfaDevicePlace {
  /** whose device it is (a root holder's name) */
  holder: string;
  /** where it is kept, e.g. "YubiKey on Alice's keyring" */
  place: string;
}

export interface CheckEntry {
  /** ISO time */
  at: string;
  kind: 'lockaway' | 'verify';
  /** verify: counts by status; lockaway: whether root MFA was on */
  summary?: Record<string, number>;
  rootMfa?: boolean;
  /** verify: GeneratedTime (ISO) of the credential report the run read */
  reportGeneratedAt?: string;
}

export interface Attestation {
  /** ISO time the answers were given */
  at: string;
  /** someone signed in as root this month: 'got-in', 'locked-out', or 'not-tried' */
  rootSignIn: 'got-in' | 'locked-out' | 'not-tried';
  /** who signed in (when someone did) */
  signedInBy?: string;
  /** the people who can reach root, as named at that time */
  holders: string[];
  /**
   * the latest root use (ISO) the person confirmed as theirs; null when they said a use
   * was not theirs; absent when there was no use to ask about
   */
  rootUseConfirmedThrough?: string | null;
}

/** A root email address that passed every check (nothing left to change in the console). */
export interface RootEmailCheck {
  address: string;
  /** ISO time of the check */
  at: string;
}

/** A file the monthly reminder wrote. */
export interface ReminderFileEntry {
  kind: 'calendar' | 'workflow';
  /** absolute path */
  path: string;
}

/** What the monthly reminder wrote, where, and when. */
export interface ReminderEntry {
  /** ISO time the files were written */
  at: string;
  /** the first reminder, YYYY-MM-DD */
  start: string;
  /** the event's UID in the calendar file */
  uid: string;
  files: ReminderFileEntry[];
}

export interface LocalRecord {
  version: 1;
  accountId: string;
  rootEmail?: string;
  rootEmailCheck?: RootEmailCheck;
  /** the IAM admin user the wizard made (a name, never a password) */
  adminUser?: string;
  reminder?: ReminderEntry;
  rootHolders: string[];
  passwordPlace?: string;
  mfaDevices: MfaDevicePlace[];
  checks: CheckEntry[];
  attestations: Attestation[];
}

let runDataDir: string | undefined;

/** For the rest of this run, keep records and reports here (--demo: out of the real data dir). */
export function setRunDataDir(dir: string): void {
  runDataDir = dir;
}

/** Where records and reports live. Read at call time, so a changed HOME/XDG_DATA_HOME counts. */
export function dataDir(opts: RecordOptions = {}): string {
  return opts.dataDir ?? runDataDir ?? envPaths('mvsp-setup', { suffix: '' }).data;
}

export function recordPath(accountId: string, opts: RecordOptions = {}): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`not an AWS account id: ${accountId}`);
  return join(dataDir(opts), `${accountId}.json`);
}

export function emptyRecord(accountId: string): LocalRecord {
  return { version: 1, accountId, rootHolders: [], mfaDevices: [], checks: [], attestations: [] };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function isRootEmailCheck(v: unknown): v is RootEmailCheck {
  const c = v as RootEmailCheck | undefined;
  return typeof c === 'object' && c !== null && typeof c.address === 'string' && typeof c.at === 'string';
}

function isReminderEntry(v: unknown): v is ReminderEntry {
  const r = v as ReminderEntry | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.at === 'string' &&
    typeof r.start === 'string' &&
    typeof r.uid === 'string' &&
    Array.isArray(r.files) &&
    r.files.every((f) => typeof f?.path === 'string' && (f.kind === 'calendar' || f.kind === 'workflow'))
  );
}

/** The record for this account; an empty one when there is none yet (or it is unreadable JSON). */
export async function readRecord(accountId: string, opts: RecordOptions = {}): Promise<LocalRecord> {
  let text: string;
  try {
    text = await readFile(recordPath(accountId, opts), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRecord(accountId);
    throw e;
  }
  let doc: Partial<LocalRecord>;
  try {
    doc = JSON.parse(text) as Partial<LocalRecord>;
  } catch {
    return emptyRecord(accountId);
  }
  return {
    version: 1,
    accountId,
    ...(typeof doc.rootEmail === 'string' ? { rootEmail: doc.rootEmail } : {}),
    ...(isRootEmailCheck(doc.rootEmailCheck) ? { rootEmailCheck: doc.rootEmailCheck } : {}),
    ...(typeof doc.adminUser === 'string' && doc.adminUser !== '' ? { adminUser: doc.adminUser } : {}),
    ...(isReminderEntry(doc.reminder) ? { reminder: doc.reminder } : {}),
    rootHolders: strings(doc.rootHolders),
    ...(typeof doc.passwordPlace === 'string' ? { passwordPlace: doc.passwordPlace } : {}),
    mfaDevices: Array.isArray(doc.mfaDevices) ? doc.mfaDevices : [],
    checks: Array.isArray(doc.checks) ? doc.checks : [],
    attestations: Array.isArray(doc.attestations) ? doc.attestations : [],
  };
}

/** Make the data dir (0700) and write a file in it (0600) atomically. Returns its path. */
export async function writePrivateFile(name: string, content: string, opts: RecordOptions = {}): Promise<string> {
  const dir = dataDir(opts);
  const path = join(dir, name);
  const parent = join(path, '..');
  await mkdir(parent, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (parent !== dir) await chmod(parent, 0o700);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await rename(tmp, path);
  await chmod(path, 0o600);
  return path;
}

export async function writeRecord(record: LocalRecord, opts: RecordOptions = {}): Promise<string> {
  recordPath(record.accountId, opts);
  return writePrivateFile(`${record.accountId}.json`, `${JSON.stringify(record, null, 2)}\n`, opts);
}

/** Read, change, write back. */
export async function updateRecord(
  accountId: string,
  change: (r: LocalRecord) => LocalRecord,
  opts: RecordOptions = {},
): Promise<LocalRecord> {
  const next = change(await readRecord(accountId, opts));
  await writeRecord(next, opts);
  return next;
}

/** The latest check strictly before `before` (this run's own entry excluded). */
export function lastCheckBefore(record: LocalRecord, before: Date): CheckEntry | null {
  let best: CheckEntry | null = null;
  for (const c of record.checks) {
    const t = Date.parse(c.at);
    if (Number.isNaN(t) || t >= before.getTime()) continue;
    if (!best || t > Date.parse(best.at)) best = c;
  }
  return best;
}

export function latestAttestation(record: LocalRecord): Attestation | null {
  let best: Attestation | null = null;
  for (const a of record.attestations) {
    if (Number.isNaN(Date.parse(a.at))) continue;
    if (!best || Date.parse(a.at) > Date.parse(best.at)) best = a;
  }
  return best;
}
