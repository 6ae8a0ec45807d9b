// Output files against the built binary on moto: a symlink or another user's file at an
// output path (for a secret file, a symlinked folder anywhere on its path) is refused before any AWS change, with the target byte for byte unchanged;
// a file-system error is one line naming the path (exit 2) with nothing left behind; the
// local record is never rewritten from a corrupt copy and keeps every concurrent entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';

useMoto();

const isRoot = process.getuid?.() === 0;
// the calls that change an account; reads (Get/List/Generate…) are fine before a refusal
const MUTATING = /^(Create|Put|Update|Attach|Add|Enable|Delete|Tag|Set)/;

let proxy: AwsProxy;
let home: Sandbox;
beforeAll(async () => {
  proxy = await startAwsProxy(motoUrl());
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(() => {
  proxy.clear();
  home = makeHome(proxy.url);
  return () => home.remove();
});

const changes = () => proxy.calls().filter((c) => MUTATING.test(c.action) && c.action !== 'GenerateCredentialReport');

/** A file that must survive untouched: its bytes, mode and owner. */
function plant(path: string, content: string, mode: number, uid?: number): () => void {
  writeFileSync(path, content);
  chmodSync(path, mode);
  if (uid !== undefined) chownSync(path, uid, uid);
  const before = lstatSync(path);
  return () => {
    expect(readFileSync(path, 'utf8')).toBe(content);
    const after = lstatSync(path);
    expect(after.mode & 0o777).toBe(before.mode & 0o777);
    expect(after.uid).toBe(before.uid);
    expect(after.ino).toBe(before.ino);
  };
}

describe('admin --password-file', () => {
  const setup = (pw: string, ...extra: string[]) =>
    runCli(['setup', '--ci', '--yes', '--steps', 'admin', '--admin-user', 'carl', '--password-file', pw, ...extra], { env: home.env, cwd: home.cwd });

  it('a symlink at the path: refused, its target unchanged, no AWS change', async () => {
    const target = join(home.root, 'target.txt');
    const unchanged = plant(target, 'keep me\n', 0o644);
    symlinkSync(target, join(home.cwd, 'pw.txt'));
    const r = await setup('pw.txt', '--force');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/pw\.txt.*symbolic link/);
    unchanged();
    expect(changes()).toEqual([]);
  });

  it.skipIf(!isRoot)('a 0666 file planted by another user: refused, unchanged, no AWS change', async () => {
    const unchanged = plant(join(home.cwd, 'pw.txt'), 'mine\n', 0o666, 4321);
    const r = await setup('pw.txt', '--force');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/pw\.txt.*another user/);
    unchanged();
    expect(changes()).toEqual([]);
  });

  it('a symlinked folder higher up the path: one line naming it, exit 2, no AWS change, nothing written', async () => {
    const real = join(home.root, 'elsewhere');
    mkdirSync(join(real, 'sub'), { recursive: true, mode: 0o700 });
    symlinkSync(real, join(home.cwd, 'link'));
    const r = await setup('link/sub/pw.txt');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `mvsp-setup: refusing to write link/sub/pw.txt: the folder ${join(home.cwd, 'link')} on its path is a symbolic link (not followed); give the real folder`,
    ]);
    expect(changes()).toEqual([]);
    expect(readdirSync(join(real, 'sub'))).toEqual([]);
    await expect(new IAMClient({ region: 'us-east-1' }).send(new GetUserCommand({ UserName: 'carl' }))).rejects.toThrow(/carl/);
  });

  it('a missing folder (ENOENT): one line naming the path, exit 2, no user created', async () => {
    const r = await setup('/no/such/dir/pw.txt');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['mvsp-setup: cannot write /no/such/dir/pw.txt: no such folder (ENOENT)']);
    expect(changes()).toEqual([]);
  });

  it('a folder at the path (EISDIR): exit 2, nothing changed', async () => {
    mkdirSync(join(home.cwd, 'pw.txt'));
    const r = await setup('pw.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pw\.txt: is a folder \(EISDIR\)/);
    expect(changes()).toEqual([]);
  });

  it('a new file: the password in it, mode 0600, nothing else left in the folder', async () => {
    const r = await setup('pw.txt');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const body = proxy.calls().find((c) => c.action === 'CreateLoginProfile')!.body;
    const password = decodeURIComponent(/(?:^|&)Password=([^&]*)/.exec(body)![1]!.replace(/\+/g, ' '));
    expect(readFileSync(join(home.cwd, 'pw.txt'), 'utf8')).toBe(`${password}\n`);
    expect(lstatSync(join(home.cwd, 'pw.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(home.cwd)).toEqual(['pw.txt']);
  });
});

describe('onboard --welcome-file', () => {
  it('a symlink at the path: refused before any engineer is created, target unchanged', async () => {
    const target = join(home.root, 'notes.txt');
    const unchanged = plant(target, 'old notes\n', 0o600);
    symlinkSync(target, join(home.cwd, 'welcome.txt'));
    const r = await runCli(
      ['onboard', '--ci', '--yes', '--user', 'dana', '--email', 'dana@acme.com', '--group', 'Developers', '--welcome-file', 'welcome.txt', '--include-password'],
      { env: home.env, cwd: home.cwd },
    );
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/welcome\.txt.*symbolic link/);
    unchanged();
    expect(changes()).toEqual([]);
  });
});

describe('onboard --welcome-file below a symlinked folder', () => {
  it('refused before any engineer is created: one line naming the folder, exit 2', async () => {
    const real = join(home.root, 'notes');
    mkdirSync(join(real, 'team'), { recursive: true, mode: 0o700 });
    symlinkSync(real, join(home.cwd, 'notes'));
    const r = await runCli(
      ['onboard', '--ci', '--yes', '--user', 'dana', '--email', 'dana@acme.com', '--group', 'Developers', '--welcome-file', 'notes/team/welcome.txt'],
      { env: home.env, cwd: home.cwd },
    );
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `mvsp-setup: refusing to write notes/team/welcome.txt: the folder ${join(home.cwd, 'notes')} on its path is a symbolic link (not followed); give the real folder`,
    ]);
    expect(changes()).toEqual([]);
    expect(readdirSync(join(real, 'team'))).toEqual([]);
  });
});

describe('reminder files', () => {
  it('a symlink at the .ics path and a foreign file at the workflow path: both refused, both unchanged', async () => {
    const target = join(home.root, 'calendar.ics');
    const unchangedTarget = plant(target, 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 0o644);
    symlinkSync(target, join(home.cwd, 'mvsp-root-check.ics'));
    let r = await runCli(['reminder', '--ci', '--yes', '--start', '2026-12-07'], { env: home.env, cwd: home.cwd });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    // the reminder's own line says it (stdout), or the writer's (stderr)
    expect(r.stdout + r.stderr).toMatch(/mvsp-root-check\.ics.*symbolic link/);
    unchangedTarget();

    mkdirSync(join(home.cwd, '.github/workflows'), { recursive: true });
    const wf = join(home.cwd, '.github/workflows/ci.yml');
    const unchangedWf = plant(wf, 'name: our own CI\n', 0o644);
    r = await runCli(['reminder', '--ci', '--yes', '--start', '2026-12-07', '--ics', 'r.ics', '--workflow', '.github/workflows/ci.yml'], {
      env: home.env,
      cwd: home.cwd,
    });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/ci\.yml.*--force/);
    unchangedWf();
    // checked before anything was written: the calendar file is not there either
    expect(existsSync(join(home.cwd, 'r.ics'))).toBe(false);
  });
});

/** Every command's output path: the command run with that path as `file`. */
const OUTPUT_PATHS: { name: string; file: string; args: (file: string) => string[]; answers?: (file: string) => object }[] = [
  { name: 'setup --password-file', file: 'pw.txt', args: (f) => ['setup', '--ci', '--yes', '--steps', 'admin', '--admin-user', 'carl', '--password-file', f, '--force'] },
  {
    name: 'onboard --welcome-file',
    file: 'welcome.txt',
    args: (f) => ['onboard', '--ci', '--yes', '--user', 'dana', '--email', 'dana@acme.com', '--group', 'Developers', '--welcome-file', f, '--include-password', '--force'],
  },
  { name: 'reminder --ics', file: 'cal.ics', args: (f) => ['reminder', '--ci', '--yes', '--start', '2026-12-07', '--ics', f, '--force'] },
  { name: 'reminder --workflow', file: 'verify.yml', args: (f) => ['reminder', '--ci', '--yes', '--start', '2026-12-07', '--ics', 'none', '--workflow', f, '--force'] },
  {
    name: 'setup, the reminder step (reminder.icsPath in --answers)',
    file: 'day-one.ics',
    args: () => ['setup', '--ci', '--yes', '--steps', 'reminder', '--answers', 'answers.json', '--force'],
    answers: (f) => ({ reminder: { icsPath: f, start: '2026-12-07', githubWorkflowPath: null } }),
  },
];

describe.each(OUTPUT_PATHS)('$name', ({ file, args, answers }) => {
  beforeEach(() => {
    if (answers) writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(answers(file)));
  });
  it('a symlink at the path: refused even with --force, its target byte for byte unchanged, no AWS change', async () => {
    const target = join(home.root, 'target.txt');
    const unchanged = plant(target, 'keep me\n', 0o644);
    symlinkSync(target, join(home.cwd, file));
    const r = await runCli(args(file), { env: home.env, cwd: home.cwd });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${file.replace('.', '\\.')}.*symbolic link`));
    unchanged();
    expect(changes()).toEqual([]);
  });

  it.skipIf(!isRoot)('a 0666 file planted by another user: refused even with --force, unchanged, no AWS change', async () => {
    const unchanged = plant(join(home.cwd, file), 'planted\n', 0o666, 4321);
    const r = await runCli(args(file), { env: home.env, cwd: home.cwd });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${file.replace('.', '\\.')}.*another user`));
    unchanged();
    expect(changes()).toEqual([]);
  });
});

describe('the local record', () => {
  const recordFile = () => join(home.env.XDG_DATA_HOME!, 'mvsp-setup', `${MOTO_ACCOUNT_ID}.json`);

  it('a trailing comma: verify exits 2 naming the file, and leaves it byte for byte', async () => {
    mkdirSync(join(home.env.XDG_DATA_HOME!, 'mvsp-setup'), { recursive: true, mode: 0o700 });
    const corrupt = '{"version":1,"accountId":"123456789012","rootHolders":["Alice","Bob"],"checks":[],"attestations":[],}\n';
    writeFileSync(recordFile(), corrupt, { mode: 0o600 });
    const r = await runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(recordFile());
    expect(r.stderr).toMatch(/not valid/);
    expect(readFileSync(recordFile(), 'utf8')).toBe(corrupt);
  });

  it('"attestations":[null]: exit 2 naming the field and the file, left as it was', async () => {
    mkdirSync(join(home.env.XDG_DATA_HOME!, 'mvsp-setup'), { recursive: true, mode: 0o700 });
    const odd = '{"version":1,"accountId":"123456789012","rootHolders":[],"checks":[],"attestations":[null]}';
    writeFileSync(recordFile(), odd, { mode: 0o600 });
    const r = await runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('attestations[0]');
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(readFileSync(recordFile(), 'utf8')).toBe(odd);
  });

  it('a previous check whose reportGeneratedAt is no time: exit 2 naming the field, left as it was', async () => {
    mkdirSync(join(home.env.XDG_DATA_HOME!, 'mvsp-setup'), { recursive: true, mode: 0o700 });
    const odd = '{"version":1,"accountId":"123456789012","rootHolders":[],"checks":[{"at":"2026-11-01T00:00:00.000Z","kind":"verify","reportGeneratedAt":"soon"}],"attestations":[]}';
    writeFileSync(recordFile(), odd, { mode: 0o600 });
    const r = await runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('checks[0]');
    expect(readFileSync(recordFile(), 'utf8')).toBe(odd);
  });

  it.each([
    ['a newer "version": 2', '{"version":2,"accountId":"123456789012","rootHolders":["Alice","Bob"],"checks":[],"attestations":[],"keys":{"a":1}}\n', 'version 2 is newer'],
    ['an attestation "at" that is no time', '{"version":1,"accountId":"123456789012","rootHolders":["Alice","Bob"],"checks":[],"attestations":[{"at":"last Tuesday","rootSignIn":"got-in","holders":["Alice","Bob"]}]}', '"attestations[0]"'],
    ['a check "at" that is no time', '{"version":1,"accountId":"123456789012","rootHolders":[],"checks":[{"at":"2026-13-45T99:00:00Z","kind":"verify"}],"attestations":[]}', '"checks[0]"'],
  ])('%s: verify exits 2 naming the file and why, and leaves it byte for byte', async (_what, content, why) => {
    mkdirSync(join(home.env.XDG_DATA_HOME!, 'mvsp-setup'), { recursive: true, mode: 0o700 });
    writeFileSync(recordFile(), content, { mode: 0o600 });
    const r = await runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(recordFile());
    expect(r.stderr).toContain(why);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(readFileSync(recordFile(), 'utf8')).toBe(content);
  });

  it('10 concurrent verify --ci runs keep 10 history entries', async () => {
    const runs = await Promise.all(Array.from({ length: 10 }, () => runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 })));
    for (const r of runs) expect([0, 1, 2], r.stderr).toContain(r.code);
    for (const r of runs) expect(r.stderr).not.toMatch(/could not save|lock/);
    const record = JSON.parse(readFileSync(recordFile(), 'utf8')) as { checks: { kind: string }[] };
    expect(record.checks.filter((c) => c.kind === 'verify')).toHaveLength(10);
    expect(readdirSync(join(home.env.XDG_DATA_HOME!, 'mvsp-setup')).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  }, 180_000);
});
