// The small per-account record kept on this machine: who can reach root, where the
// root password and each MFA device are kept (places only, never secrets), the root
// email, and the date of every check and attestation. One JSON file per account id
// under the user's data dir (dir 0700, file 0600).
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import { lock } from 'proper-lockfile';
import { fileError, OutputFileError, writeOutput } from '../output-file.js';
import { neutralize } from '../untrusted.js';

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
  /** the address the alert step set the root sign-in alert up for (verify warns when it is not a confirmed recipient) */
  alertEmail?: string;
  reminder?: ReminderEntry;
  rootHolders: string[];
  passwordPlace?: string;
  /**
   * IAM users whose console password this tool set (or was about to set) and has not yet
   * handed over (shown, printed or written to a file): names only, never a password
   */
  passwordHandOverPending?: string[];
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isRootEmailCheck(v: unknown): v is RootEmailCheck {
  return isObject(v) && isString(v.address) && isString(v.at);
}

function isReminderEntry(v: unknown): v is ReminderEntry {
  return (
    isObject(v) &&
    isString(v.at) &&
    isString(v.start) &&
    isString(v.uid) &&
    Array.isArray(v.files) &&
    v.files.every((f) => isObject(f) && isString(f.path) && (f.kind === 'calendar' || f.kind === 'workflow'))
  );
}

const isMfaPlace = (v: unknown): boolean => isObject(v) && isString(v.holder) && isString(v.place);
const isIsoTime = (v: unknown): boolean => isString(v) && !Number.isNaN(Date.parse(v));
const isCheck = (v: unknown): boolean =>
  isObject(v) &&
  isIsoTime(v.at) &&
  (v.kind === 'lockaway' || v.kind === 'verify') &&
  (v.reportGeneratedAt === undefined || isIsoTime(v.reportGeneratedAt));
const isAttestation = (v: unknown): boolean =>
  isObject(v) && isIsoTime(v.at) && ['got-in', 'locked-out', 'not-tried'].includes(v.rootSignIn as string) && isStrings(v.holders);

/** The first field of a parsed record that is not what this version writes, or null. */
function badField(doc: Record<string, unknown>): string | null {
  const optional: [string, (v: unknown) => boolean][] = [
    ['rootEmail', isString],
    ['rootEmailCheck', isRootEmailCheck],
    ['adminUser', isString],
    ['alertEmail', isString],
    ['reminder', isReminderEntry],
    ['passwordPlace', isString],
  ];
  for (const [key, ok] of optional) if (doc[key] !== undefined && !ok(doc[key])) return key;
  const lists: [string, (v: unknown) => boolean][] = [
    ['rootHolders', isString],
    ['passwordHandOverPending', isString],
    ['mfaDevices', isMfaPlace],
    ['checks', isCheck],
    ['attestations', isAttestation],
  ];
  for (const [key, ok] of lists) {
    const v = doc[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) return key;
    const i = v.findIndex((x) => !ok(x));
    if (i !== -1) return `${key}[${i}]`;
  }
  return null;
}

function invalidRecord(path: string, why: string): OutputFileError {
  return new OutputFileError(
    path,
    `the local record ${neutralize(path)} is not valid (${neutralize(why)}); it was left as it is: fix it, or move it away to start a new one`,
    'EINVALID',
  );
}

/** The record format this program reads and writes. */
export const RECORD_VERSION = 1;

/** The error of a folder of ours found to be a symbolic link (fileError words it: "is a symbolic link (not followed)"). */
const linkRefused = () => Object.assign(new Error('a symbolic link'), { code: 'ELOOP' });

/**
 * The record for this account; an empty one when there is none yet. Unknown fields are kept
 * as they are. Throws OutputFileError (naming the file) when it cannot be read, is not JSON,
 * has a `version` other than RECORD_VERSION (a newer program wrote it: rewriting it as this
 * version could lose what that one recorded), or a known field has the wrong shape (a time
 * that is not an ISO time included): the file is never touched then.
 */
export async function readRecord(accountId: string, opts: RecordOptions = {}): Promise<LocalRecord> {
  const path = recordPath(accountId, opts);
  // the data folder is this program's: a link in its place is not read through (nor written)
  const dir = dataDir(opts);
  if ((await lstat(dir).catch(() => null))?.isSymbolicLink()) throw fileError(dir, linkRefused(), 'cannot read the local record in');
  let text: string;
  try {
    const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = await fh.readFile('utf8');
    } finally {
      await fh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRecord(accountId);
    throw fileError(path, e, 'cannot read the local record');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw invalidRecord(path, (e as Error).message);
  }
  if (!isObject(doc)) throw invalidRecord(path, 'not a JSON object');
  if (doc.accountId !== undefined && doc.accountId !== accountId) throw invalidRecord(path, `accountId is not ${accountId}`);
  if (doc.version !== undefined && doc.version !== RECORD_VERSION) {
    const newer = typeof doc.version === 'number' && doc.version > RECORD_VERSION;
    throw invalidRecord(path, newer ? `version ${doc.version} is newer than this program reads (${RECORD_VERSION}); update mvsp-setup` : `"version" is not ${RECORD_VERSION}`);
  }
  const bad = badField(doc);
  if (bad) throw invalidRecord(path, `"${bad}" has the wrong type or value (times are ISO times)`);
  return {
    ...(doc as Partial<LocalRecord>),
    version: 1,
    accountId,
    ...(doc.adminUser === '' ? { adminUser: undefined } : {}),
    rootHolders: (doc.rootHolders as string[] | undefined) ?? [],
    mfaDevices: (doc.mfaDevices as MfaDevicePlace[] | undefined) ?? [],
    checks: (doc.checks as CheckEntry[] | undefined) ?? [],
    attestations: (doc.attestations as Attestation[] | undefined) ?? [],
  };
}

/** Opening a folder without following a link, where the system has the flags (not Windows). */
const OPEN_FOLDER_NOFOLLOW = constants.O_NOFOLLOW !== undefined && constants.O_DIRECTORY !== undefined ? constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW : null;

/**
 * Make the data dir and `sub` folders below it, each 0700. The folders above the data dir
 * are the user's and may be links (a home on another disk); the data dir and every folder
 * below it are this program's and are never followed when a link: nothing is made or
 * chmod-ed through one (OutputFileError, ELOOP).
 */
async function makeDataDir(opts: RecordOptions, sub?: string): Promise<string> {
  const dir = dataDir(opts);
  const folders = [dir];
  for (const part of (sub ?? '').split('/').filter(Boolean)) folders.push(join(folders[folders.length - 1]!, part));
  let at = dir;
  try {
    await mkdir(dirname(dir), { recursive: true, mode: 0o700 });
    for (at of folders) {
      await mkdir(at, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      if (OPEN_FOLDER_NOFOLLOW === null) {
        if ((await lstat(at)).isSymbolicLink()) throw linkRefused();
        await chmod(at, 0o700);
        continue;
      }
      // the handle is the folder itself, never a link's target: chmod cannot be redirected
      const handle = await open(at, OPEN_FOLDER_NOFOLLOW).catch(async (e: NodeJS.ErrnoException) => {
        // Linux answers ENOTDIR for a link opened as a folder without following it
        if ((e.code === 'ENOTDIR' || e.code === 'ELOOP') && (await lstat(at).catch(() => null))?.isSymbolicLink()) throw linkRefused();
        throw e;
      });
      try {
        await handle.chmod(0o700);
      } finally {
        await handle.close();
      }
    }
  } catch (e) {
    throw fileError(at, e, 'cannot use the folder');
  }
  return dir;
}

/**
 * Make the data dir (0700) and write a file in it (0600), replacing any earlier one by
 * rename. Returns its path. Throws OutputFileError naming the path.
 */
export async function writePrivateFile(name: string, content: string, opts: RecordOptions = {}): Promise<string> {
  const dir = await makeDataDir(opts, name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : undefined);
  return writeOutput(join(dir, name), content, { secret: true, force: true, ownPath: true });
}

export async function writeRecord(record: LocalRecord, opts: RecordOptions = {}): Promise<string> {
  recordPath(record.accountId, opts);
  return writePrivateFile(`${record.accountId}.json`, `${JSON.stringify(record, null, 2)}\n`, opts);
}

/**
 * Read, change, write back, holding the record's lock (proper-lockfile: a lock directory
 * beside it, refreshed while held, taken over when stale) so concurrent runs on this
 * machine each add their entry instead of overwriting each other's.
 */
export async function updateRecord(
  accountId: string,
  change: (r: LocalRecord) => LocalRecord,
  opts: RecordOptions = {},
): Promise<LocalRecord> {
  const path = recordPath(accountId, opts);
  await makeDataDir(opts);
  let release: () => Promise<void>;
  try {
    release = await lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      stale: 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 250, randomize: true },
    });
  } catch (e) {
    throw new OutputFileError(path, `cannot lock the local record ${neutralize(path)}: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code ?? 'ELOCKED');
  }
  try {
    const next = change(await readRecord(accountId, opts));
    await writeRecord(next, opts);
    return next;
  } finally {
    await release().catch(() => undefined);
  }
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
