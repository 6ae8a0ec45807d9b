// The rules every output file follows, read back from the file system: what is on disk,
// its mode and owner, and that nothing else (an empty file, a .tmp) is left behind.
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputFileError, prepareOutput, writeOutput } from '../../src/output-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-out-'));
});
afterEach(async () => {
  for (const m of mounts.splice(0)) spawnSync('umount', [m]);
  await rm(dir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

// A real full or read-only file system: a small tmpfs, where the machine lets us mount one.
const mounts: string[] = [];
function mountTmpfs(at: string, options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]).status === 0;
}
const canMount = (() => {
  if (!isRoot) return false;
  const probe = mkdtempSync(join(tmpdir(), 'mvsp-mount-'));
  const ok = mountTmpfs(probe, 'size=4k');
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();
async function tinyMount(parent: string, name: string, options: string): Promise<string> {
  const at = join(parent, name);
  await mkdir(at, { mode: 0o700 });
  if (!mountTmpfs(at, `${options},mode=0700`)) throw new Error(`mount ${at} failed`);
  mounts.push(at);
  return at;
}

async function refusal(p: Promise<unknown>): Promise<OutputFileError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutputFileError);
  return e as OutputFileError;
}

describe('secret files', () => {
  it('are created 0600 when prepared, and hold the content once written', async () => {
    const path = join(dir, 'pw.txt');
    const out = await prepareOutput(path, { secret: true });
    expect((await lstat(path)).mode & 0o777).toBe(0o600);
    await out.write('s3cret\n');
    expect(await readFile(path, 'utf8')).toBe('s3cret\n');
    expect(await readdir(dir)).toEqual(['pw.txt']);
  });

  it('a discarded destination leaves no empty file', async () => {
    const path = join(dir, 'pw.txt');
    const out = await prepareOutput(path, { secret: true });
    await out.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a symlink at the path is refused and its target left byte for byte', async () => {
    const target = join(dir, 'target');
    await writeFile(target, 'precious\n', { mode: 0o644 });
    await symlink(target, join(dir, 'pw.txt'));
    const e = await refusal(prepareOutput(join(dir, 'pw.txt'), { secret: true, force: true }));
    expect(e.message).toContain(join(dir, 'pw.txt'));
    expect(e.message).toMatch(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    expect((await lstat(target)).mode & 0o777).toBe(0o644);
  });

  it.skipIf(!isRoot)('a 0666 file planted by another user is refused, even with --force', async () => {
    const path = join(dir, 'pw.txt');
    await writeFile(path, 'planted\n');
    await chmod(path, 0o666);
    await chown(path, 1234, 1234);
    const e = await refusal(prepareOutput(path, { secret: true, force: true }));
    expect(e.message).toMatch(/another user/);
    expect(await readFile(path, 'utf8')).toBe('planted\n');
    expect((await lstat(path)).mode & 0o777).toBe(0o666);
  });

  it('an existing file of ours is kept without --force, replaced (not truncated) with it', async () => {
    const path = join(dir, 'pw.txt');
    await writeFile(path, 'old\n', { mode: 0o600 });
    const before = await lstat(path);
    const e = await refusal(prepareOutput(path, { secret: true }));
    expect(e.message).toMatch(/--force/);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    await writeOutput(path, 'new\n', { secret: true, force: true });
    const after = await lstat(path);
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['pw.txt']);
  });

  it('a symlinked folder higher up the path is refused, naming it; nothing is written through it', async () => {
    const real = join(dir, 'real');
    await mkdir(join(real, 'sub'), { recursive: true, mode: 0o700 });
    await symlink(real, join(dir, 'link'));
    const path = join(dir, 'link', 'sub', 'pw.txt');
    const e = await refusal(prepareOutput(path, { secret: true, force: true }));
    expect(e.code).toBe('ELOOP');
    expect(e.message).toBe(`refusing to write ${path}: the folder ${join(dir, 'link')} on its path is a symbolic link (not followed); give the real folder`);
    expect(e.message.split('\n')).toHaveLength(1);
    expect(await readdir(join(real, 'sub'))).toEqual([]);
    // the real folder itself is fine
    await writeOutput(join(real, 'sub', 'pw.txt'), 'secret\n', { secret: true });
    expect(await readFile(join(real, 'sub', 'pw.txt'), 'utf8')).toBe('secret\n');
  });

  it('a file that is not a secret may sit below a symlinked folder (only its own folder is checked)', async () => {
    await mkdir(join(dir, 'real', 'sub'), { recursive: true });
    await symlink(join(dir, 'real'), join(dir, 'link'));
    await writeOutput(join(dir, 'link', 'sub', 'cal.ics'), 'x\n', { secret: false });
    expect(await readFile(join(dir, 'real', 'sub', 'cal.ics'), 'utf8')).toBe('x\n');
  });

  it('a folder others can write is refused', async () => {
    const open = join(dir, 'shared');
    await mkdir(open);
    await chmod(open, 0o777);
    const e = await refusal(prepareOutput(join(open, 'pw.txt'), { secret: true }));
    expect(e.message).toMatch(/others can write/);
    expect(await readdir(open)).toEqual([]);
  });

  it('a missing folder is one line naming the path (ENOENT)', async () => {
    const path = join(dir, 'no', 'such', 'pw.txt');
    const e = await refusal(prepareOutput(path, { secret: true }));
    expect(e.code).toBe('ENOENT');
    expect(e.message).toBe(`cannot write ${path}: no such folder (ENOENT)`);
  });

  it('a folder at the path is EISDIR', async () => {
    await mkdir(join(dir, 'pw.txt'));
    const e = await refusal(prepareOutput(join(dir, 'pw.txt'), { secret: true }));
    expect(e.code).toBe('EISDIR');
  });

  it.skipIf(isRoot)('a read-only folder fails before anything is written', async () => {
    const ro = join(dir, 'ro');
    await mkdir(ro, { mode: 0o500 });
    const e = await refusal(prepareOutput(join(ro, 'pw.txt'), { secret: true }));
    expect(e.code).toBe('EACCES');
  });

  it.skipIf(!canMount)('ENOSPC while writing: one line naming the path, no empty file left', async () => {
    const full = await tinyMount(dir, 'full', 'size=4k');
    const path = join(full, 'pw.txt');
    const out = await prepareOutput(path, { secret: true });
    const e = await refusal(out.write('x'.repeat(64 * 1024)));
    expect(e.code).toBe('ENOSPC');
    expect(e.message).toBe(`cannot write ${path}: no space left on the device (ENOSPC)`);
    expect(await readdir(full)).toEqual([]);
  });

  it.skipIf(!canMount)('a read-only file system fails when prepared (EROFS), before anything else', async () => {
    const ro = await tinyMount(dir, 'ro', 'size=4k,ro');
    const e = await refusal(prepareOutput(join(ro, 'pw.txt'), { secret: true }));
    expect(e.code).toBe('EROFS');
  });
});

describe('runs saving the same file at once', () => {
  it.each([
    ['a secret (the day\'s verify report, the local record)', true],
    ['a file that is no secret', false],
  ])('%s, with force: every write lands whole, none refused, no temporary file left', async (_what, secret) => {
    await chmod(dir, 0o700);
    const path = join(dir, 'verify-2026-12-01.json');
    // every one looks before any creates: the first to create wins the race the others then see
    const contents = Array.from({ length: 12 }, (_, i) => `{"run":${i}}\n`);
    await Promise.all(contents.map((c) => writeOutput(path, c, { secret, force: true, ownPath: true })));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['verify-2026-12-01.json']);
    if (secret) expect((await lstat(path)).mode & 0o777).toBe(0o600);
  });

  it('without force, a file another run created meanwhile is still refused', async () => {
    const path = join(dir, 'pw.txt');
    const results = await Promise.allSettled([0, 1].map((i) => writeOutput(path, `p${i}\n`, { secret: true })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(OutputFileError);
    expect((refused.reason as OutputFileError).code).toBe('EEXIST');
  });
});

describe('other files', () => {
  it('a file that is not ours is not replaced without --force', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, 'someone else’s calendar\n');
    const e = await refusal(prepareOutput(path, { secret: false, ours: (t) => t.includes('UID:mvsp') }));
    expect(e.message).toMatch(/--force/);
    expect(await readFile(path, 'utf8')).toBe('someone else’s calendar\n');
  });

  it('a file that is ours is replaced by rename, with the given mode, and no .tmp left', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, 'UID:mvsp-1\n', { mode: 0o600 });
    const before = await lstat(path);
    const out = await prepareOutput(path, { secret: false, mode: 0o644, ours: (t) => t.includes('UID:mvsp') });
    expect(out.replaces).toBe(true);
    // until written, the old file is whole
    expect(await readFile(path, 'utf8')).toBe('UID:mvsp-1\n');
    await out.write('UID:mvsp-2\n');
    const after = await lstat(path);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o644);
    expect(await readFile(path, 'utf8')).toBe('UID:mvsp-2\n');
    expect(await readdir(dir)).toEqual(['cal.ics']);
  });

  it('a symlink is refused even with --force and when its target looks like ours', async () => {
    const target = join(dir, 'elsewhere.ics');
    await writeFile(target, 'UID:mvsp-1\n');
    await symlink(target, join(dir, 'cal.ics'));
    await refusal(prepareOutput(join(dir, 'cal.ics'), { secret: false, force: true, ours: () => true }));
    expect(await readFile(target, 'utf8')).toBe('UID:mvsp-1\n');
  });

  it('a discarded replacement leaves the old file and no .tmp', async () => {
    const path = join(dir, 'wf.yml');
    await writeFile(path, 'old\n');
    const out = await prepareOutput(path, { secret: false, force: true });
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(true);
    await out.discard();
    expect(await readdir(dir)).toEqual(['wf.yml']);
    expect(await readFile(path, 'utf8')).toBe('old\n');
  });
});
