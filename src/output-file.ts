// Every file this program writes for a person (a password file, welcome notes, the
// calendar file, the workflow, reports, the local record) goes through here, so one set of
// rules holds everywhere: a symlink at the path (for a secret, anywhere on its path) is
// never followed, a file owned by
// someone else is never written, a secret is created with mode 0600 from its first byte
// in a folder nobody else can write, an existing file is replaced by writing beside it
// and renaming (never truncated in place), and a file this program did not write is not
// replaced without --force. A destination is prepared (checked and opened) before the AWS
// change whose result it will receive, so a bad path fails before anything changes.
import { constants, type Stats } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { neutralize } from './untrusted.js';

/** A file could not be prepared or written. `message` is one line that names the path. */
export class OutputFileError extends Error {
  constructor(
    /** the destination, as given */
    readonly path: string,
    message: string,
    /** the errno code (ENOENT, EACCES, EROFS, ENOSPC, EISDIR, …) or a reason of ours */
    readonly code: string,
  ) {
    super(message);
    this.name = 'OutputFileError';
  }
}

export interface OutputOptions {
  /** mode 0600, created exclusively (O_EXCL) in a folder only its owner (or root) can write */
  secret: boolean;
  /** replace an existing file even when `ours` does not recognise it (never another user's file) */
  force?: boolean;
  /**
   * the path is this program's own (its data folder), not one given to it: symlinked
   * folders above it are how the person set up their home, and are followed
   */
  ownPath?: boolean;
  /** file mode for a non-secret file (default 0644) */
  mode?: number;
  /** an existing file's content is ours to replace (e.g. our calendar UID is in it) */
  ours?: (existing: string) => boolean;
}

/** A destination checked and opened, waiting for its content. */
export interface PreparedOutput {
  /** absolute path of the destination */
  readonly path: string;
  /** an existing file is going to be replaced */
  readonly replaces: boolean;
  /** write the content, put it in place (fsync, then rename or link) and close */
  write(content: string): Promise<void>;
  /**
   * add content and make sure it is on disk and in place before returning (the first
   * call puts the file in place), so what was handed over survives a crash that follows
   */
  append(content: string): Promise<void>;
  /** close after appends */
  close(): Promise<void>;
  /** give up: remove whatever was created and is not in place yet (idempotent) */
  discard(): Promise<void>;
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'is a symbolic link (not followed)',
  EEXIST: 'already exists',
  EMLINK: 'is a symbolic link (not followed)',
};

/** The one-line error for a failed file operation on `path`. */
export function fileError(path: string, e: unknown, what = 'cannot write'): OutputFileError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  const words = ERRNO_WORDS[code] ?? ((e as Error | undefined)?.message ?? String(e)).split('\n')[0]!;
  return new OutputFileError(path, `${what} ${neutralize(path)}: ${words} (${code})`, code);
}

function refuse(path: string, reason: string, code: string): OutputFileError {
  return new OutputFileError(path, `refusing to write ${neutralize(path)}: ${reason}`, code);
}

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);
const gid = (): number | null => (typeof process.getgid === 'function' ? process.getgid() : null);

/** Nobody but its owner (this user or root) can create or rename entries in this folder. */
function folderIsPrivate(st: Stats): boolean {
  const me = uid();
  if (me === null) return true;
  if (st.uid !== me && st.uid !== 0) return false;
  if (st.mode & 0o002) return false;
  if (st.mode & 0o020 && st.gid !== gid()) return false;
  return true;
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Read an existing regular file without following a symlink; its content. */
async function readNoFollow(path: string): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * The first folder on the way to `dir` (from the root down, `dir` included) that is a
 * symbolic link, or null. Only the system's own links in the root folder, owned by root
 * (macOS's /var and /tmp, merged-/usr's /bin), are followed: nobody else can change them.
 */
async function linkedFolder(dir: string): Promise<string | null> {
  const { root } = parse(dir);
  let at = root;
  for (const part of dir.slice(root.length).split(sep).filter(Boolean)) {
    const top = at === root;
    at = join(at, part);
    const st = await lstat(at);
    if (st.isSymbolicLink() && !(top && st.uid === 0)) return at;
  }
  return null;
}

const CREATE_EXCL = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Check `path` and open what will receive its content, before anything it depends on
 * happens. Throws OutputFileError (one line naming the path) when the folder is missing or
 * not writable, the path is a symlink, a folder, another user's file, a file this program
 * did not write (without `force`), or, for a secret, in a folder others can write.
 */
export async function prepareOutput(path: string, opts: OutputOptions): Promise<PreparedOutput> {
  const abs = resolve(path);
  const dir = dirname(abs);
  let dirStat: Stats;
  try {
    dirStat = await lstat(dir);
  } catch (e) {
    throw fileError(path, e);
  }
  if (!dirStat.isDirectory()) {
    // a symlinked folder is followed by the kernel for every later component: say so plainly
    if (dirStat.isSymbolicLink()) throw refuse(path, `its folder ${neutralize(dir)} is a symbolic link`, 'ELOOP');
    throw fileError(path, Object.assign(new Error(), { code: 'ENOTDIR' }));
  }
  if (opts.secret && !opts.ownPath) {
    let linked: string | null;
    try {
      linked = await linkedFolder(dir);
    } catch (e) {
      throw fileError(path, e);
    }
    // the kernel follows a symlinked folder anywhere on the path, O_NOFOLLOW only guards the last part
    if (linked) throw refuse(path, `the folder ${neutralize(linked)} on its path is a symbolic link (not followed); give the real folder`, 'ELOOP');
  }
  if (opts.secret && !folderIsPrivate(dirStat)) {
    throw refuse(path, `others can write its folder ${neutralize(dir)}; choose a folder only you can write`, 'EFOLDER');
  }
  let existing: Stats | null;
  try {
    existing = await lstatOrNull(abs);
  } catch (e) {
    throw fileError(path, e);
  }
  if (existing) {
    if (existing.isSymbolicLink()) throw refuse(path, 'it is a symbolic link (not followed)', 'ELOOP');
    if (existing.isDirectory()) throw fileError(path, Object.assign(new Error(), { code: 'EISDIR' }));
    if (!existing.isFile()) throw refuse(path, 'it is not a regular file', 'ENOTREG');
    const me = uid();
    if (me !== null && existing.uid !== me) throw refuse(path, `it belongs to another user (uid ${existing.uid})`, 'EOWNER');
    // an empty file (a run killed before its content existed) holds nothing to lose
    if (!opts.force && existing.size > 0) {
      let ours = false;
      if (opts.ours) {
        try {
          ours = opts.ours(await readNoFollow(abs));
        } catch (e) {
          throw fileError(path, e, 'cannot read');
        }
      }
      if (!ours) throw refuse(path, 'a file is already there; pass --force to replace it', 'EEXIST');
    }
  }
  const mode = opts.secret ? 0o600 : (opts.mode ?? 0o644);
  // a new secret takes its name now, so nothing can be planted there before the content exists
  const direct = opts.secret && !existing;
  const target = direct ? abs : join(dir, `.${basename(abs)}.${randomBytes(4).toString('hex')}.tmp`);
  let fh: FileHandle | null;
  try {
    fh = await open(target, CREATE_EXCL, mode);
    // the umask may have taken bits away from a non-secret file's mode
    if (!opts.secret) await fh.chmod(mode);
  } catch (e) {
    throw fileError(path, e);
  }
  let created: string | null = target;
  let published = direct;
  let kept = false;
  const discard = async (): Promise<void> => {
    const f = fh;
    fh = null;
    await f?.close().catch(() => undefined);
    const c = created;
    created = null;
    // once in place, the file holds what was handed over: it stays
    if (c && !kept) await unlink(c).catch(() => undefined);
  };
  const append = async (content: string): Promise<void> => {
    if (!fh) throw new OutputFileError(path, `${neutralize(path)} was already closed or given up`, 'EDONE');
    try {
      await fh.writeFile(content, 'utf8');
      await fh.sync();
      if (!published) {
        if (existing) {
          await rename(target, abs);
        } else {
          // link() fails if something appeared at the path meanwhile: never replace it
          await link(target, abs);
          await unlink(target);
        }
        published = true;
      }
      kept = true;
    } catch (e) {
      await discard();
      throw fileError(path, e);
    }
  };
  const out: PreparedOutput = {
    path: abs,
    replaces: existing !== null,
    append,
    async write(content: string) {
      await append(content);
      await out.close();
    },
    async close() {
      const f = fh;
      fh = null;
      created = null;
      try {
        await f?.close();
      } catch (e) {
        throw fileError(path, e);
      }
    },
    discard,
  };
  return out;
}

/** Prepare and write at once (for files whose content does not wait on an AWS change). */
export async function writeOutput(path: string, content: string, opts: OutputOptions): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await prepareOutput(path, opts);
      await out.write(content);
      return out.path;
    } catch (e) {
      // with force, a file another run created between the look and the create (two runs
      // saving the same day's report) is replaced as one found there would be: looked at again
      if (opts.force && attempt < 3 && e instanceof OutputFileError && e.code === 'EEXIST') continue;
      throw e;
    }
  }
}
