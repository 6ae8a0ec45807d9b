// Ctrl-C in a real terminal: exit 130 quickly, cursor shown, raw mode off (the relay
// reads the terminal's settings back after the command ends), a summary line, and no
// virtual MFA device left behind when the enrolment screen is interrupted.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { BIN, runInPty, type PtyRun } from '../helpers/pty.js';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { dayOneAnswers } from '../helpers/day-one.js';

type Step = { wait: string | RegExp } | { send: string };

// A screen is reached by these keys, then Ctrl-C. Liveness bound only: the measured time
// is reported by the failure message, the target is well under one second.
const EXIT_BOUND_MS = 5000;

const SCREENS: { name: string; args: string[]; steps: Step[] }[] = [
  { name: 'setup: welcome', args: ['--demo'], steps: [{ wait: 'Enter start' }] },
  { name: 'setup: first step', args: ['--demo'], steps: [{ wait: 'Enter start' }, { send: '\r' }, { wait: /Step 1 of/ }] },
  { name: 'setup --steps admin: user name', args: ['--demo', '--steps', 'admin'], steps: [{ wait: 'Enter start' }, { send: '\r' }, { wait: 'User name of the first IAM admin:' }] },
  { name: 'setup --steps admin: plan', args: ['--demo', '--steps', 'admin'], steps: [{ wait: 'Enter start' }, { send: '\r' }, { wait: 'User name of the first IAM admin:' }, { send: 'erin' }, { wait: 'User name of the first IAM admin: erin' }, { send: '\r' }, { wait: 'Account alias for the sign-in URL' }, { send: 'erin-co' }, { wait: '(empty for none): erin-co' }, { send: '\r' }, { wait: 'Apply this plan (9 changes)?' }] },
  { name: 'verify: report', args: ['verify', '--demo'], steps: [{ wait: /Ctrl-C/ }] },
  { name: 'mfa: user name', args: ['mfa', '--demo'], steps: [{ wait: 'IAM user name:' }] },
  { name: 'onboard: first screen', args: ['onboard', '--demo'], steps: [{ wait: /Ctrl-C/ }] },
  { name: 'offboard: plan', args: ['offboard', 'bob', '--demo'], steps: [{ wait: 'Apply this plan?' }] },
  { name: 'reminder: first screen', args: ['reminder', '--demo'], steps: [{ wait: /Ctrl-C/ }] },
];

async function quiet(p: PtyRun, ms: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = p.raw();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < ms) {
    await new Promise((r) => setTimeout(r, 20));
    if (p.raw() !== last) {
      last = p.raw();
      since = Date.now();
    }
  }
}

async function interrupt(p: PtyRun): Promise<{ code: number; ms: number }> {
  await quiet(p, 200);
  p.write('\u0003');
  // the key goes out once the program waits for input (runInPty's write): time from there
  await p.typed();
  const t0 = Date.now();
  const code = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), EXIT_BOUND_MS * 2))]);
  const ms = Date.now() - t0;
  if (code === -1) p.kill();
  else await p.waitFor('[pty-termios', 30_000);
  return { code, ms };
}

function expectRestored(p: PtyRun, r: { code: number; ms: number }, label: string): void {
  expect({ label, code: r.code }).toEqual({ label, code: 130 });
  expect(r.ms, `${label}: exit took ${r.ms} ms`).toBeLessThan(EXIT_BOUND_MS);
  const raw = p.raw();
  expect(raw.lastIndexOf('\u001B[?25h'), `${label}: cursor shown after the last hide`).toBeGreaterThan(raw.lastIndexOf('\u001B[?25l'));
  expect(p.text(), label).toContain('[pty-termios icanon=1 echo=1]');
  expect(p.text(), label).toMatch(/Interrupted/);
  expect(p.text(), label).not.toMatch(/\n\s+at .+:\d+/);
}

describe('Ctrl-C on every screen', () => {
  it.each(SCREENS.map((s) => [s.name, s] as const))('%s', async (label, s) => {
    const p = runInPty(s.args, { env: { PTY_RELAY_REPORT_TERMIOS: '1' } });
    for (const step of s.steps) {
      if ('wait' in step) await p.waitFor(step.wait, 15_000);
      else {
        p.write(step.send);
        await quiet(p, 100);
      }
    }
    expectRestored(p, await interrupt(p), label);
  });
});

// Every step of the day-one wizard, reached with the answers file (Enter through what it
// pre-fills, y once the temporary password is saved); the root MFA wait is skipped with s.
// Ink redraws only the characters that changed, so a step is recognised by text of its
// own, not by "Step N of 7". With the answers and --yes the root email and contacts steps
// ask nothing and go on by themselves: they are reached on their question (the root email
// without the answers file) and on their plan (contacts without --yes).

const WIZARD_STEPS: { name: string; steps?: string; yes?: false; answers?: false; reach: RegExp }[] = [
  { name: 'root email', steps: 'root-email', answers: false, reach: /The root user's sign-in email:/ },
  { name: 'contacts', steps: 'contacts', yes: false, reach: /Apply this plan \(3 changes\)\?/ },
  { name: 'first IAM admin', reach: /3 of 7/ },
  { name: 'virtual MFA', reach: /First code:/ },
  { name: 'root lock-away', steps: 'lockaway,reminder,alert', reach: /1 of 3/ },
  { name: 'monthly reminder', steps: 'lockaway,reminder,alert', reach: /2 of 3/ },
  { name: 'root sign-in alert', steps: 'lockaway,reminder,alert', reach: /mvsp-root-signin/ },
];

describe('Ctrl-C on every step of the day-one wizard (--demo)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvsp-interrupt-'));
    writeFileSync(join(dir, 'answers.json'), JSON.stringify(dayOneAnswers(dir)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(WIZARD_STEPS.map((s) => [s.name, s] as const))('%s', async (label, s) => {
    const args = ['--demo', ...(s.yes === false ? [] : ['--yes']), ...(s.answers === false ? [] : ['--answers', 'answers.json']), ...(s.steps ? ['--steps', s.steps] : [])];
    const p = runInPty(args, { env: { PTY_RELAY_REPORT_TERMIOS: '1' }, cwd: dir });
    await p.waitFor('Enter start', 15_000);
    // bounded walk: Enter through pre-filled answers, s past the root MFA wait
    for (let i = 0; i < 40 && !s.reach.test(p.text()); i++) {
      await quiet(p, 250);
      if (s.reach.test(p.text())) break;
      // the last frame drawn (each starts with the header): a key picked from the frame
      // before would land in the next step's field
      const text = p.text();
      const frame = text.slice(text.lastIndexOf('mvsp-setup'));
      p.write(/s skip for now/.test(frame) ? 's' : /Saved the temporary password\?/.test(frame) ? 'y' : '\r');
    }
    await p.waitFor(s.reach, 30_000);
    expectRestored(p, await interrupt(p), `setup: ${label}`);
  });
});

describe('Ctrl-C during MFA enrolment against moto', () => {
  useMoto();
  let proxy: AwsProxy;
  let home: Sandbox;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
    home = makeHome(proxy.url);
  });
  afterAll(async () => {
    await proxy.close();
    home.remove();
  });

  it('leaves no unassigned virtual MFA device', async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const p = runInPty(['mfa', '--user', 'alice'], { env: { ...home.env, PTY_RELAY_REPORT_TERMIOS: '1', TERM: 'xterm-256color' }, cwd: home.cwd });
    // the device is created once the enrolment is confirmed, and the first code asked for
    await p.waitFor(/Create virtual MFA device alice[\s\S]*Apply this plan \(1 change\)\?/, 30_000);
    p.write('y');
    await p.waitFor('First code:', 30_000);
    expect(proxy.calls().map((c) => c.action)).toContain('CreateVirtualMFADevice');
    expectRestored(p, await interrupt(p), 'mfa: enrolment');
    const devices = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(devices.VirtualMFADevices ?? []).toEqual([]);
    iam.destroy();
  });
});

// setup --ci killed while a change of the admin step is on its way to AWS: the change ends,
// the step's lines and the summary are printed, then the "Interrupted" line; the console
// password is never lost (in its file when one is named, else printed), and no empty
// password file is left behind.
describe('setup --ci interrupted during the admin step against moto', () => {
  useMoto();
  let proxy: AwsProxy;
  let home: Sandbox;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
  });
  afterAll(async () => {
    await proxy.close();
  });

  /**
   * Run the admin step (or `steps`), send `signal` the moment `action` reaches AWS, then let
   * it through (with `release`: once the returned promise settles, else at once). Calls of
   * `heldUntilSignal` wait until the signal is sent; `prepare` writes files into the run's folder.
   */
  async function interruptedAt(
    action: string,
    signal: NodeJS.Signals,
    extra: string[],
    { release, steps = 'admin', prepare, heldUntilSignal }: { release?: Promise<unknown>; steps?: string; prepare?: (dir: string) => void; heldUntilSignal?: string } = {},
  ) {
    home = makeHome(proxy.url);
    prepare?.(home.cwd);
    proxy.clear();
    const child = spawn(process.execPath, [BIN, '--ci', '--yes', '--steps', steps, '--admin-user', 'alice', '--alias', 'acme-q1', ...extra], {
      env: home.env,
      cwd: home.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let sent = false;
    let signalled!: () => void;
    const afterSignal = new Promise<void>((resolve) => (signalled = resolve));
    proxy.setHold((call) => {
      if (call.action === heldUntilSignal) return afterSignal;
      if (call.action !== action || sent) return null;
      sent = true;
      child.kill(signal);
      signalled();
      // the call goes on to AWS once the signal is on its way: it is made, its answer comes late
      return release ? release.then(() => undefined) : new Promise<void>((resolve) => setImmediate(resolve));
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    proxy.setHold(null);
    expect(sent).toBe(true);
    const sentPassword = proxy.calls().find((c) => c.action === 'CreateLoginProfile')?.body;
    const password = sentPassword === undefined ? null : new URLSearchParams(sentPassword).get('Password');
    return { code, out, err, password };
  }

  afterEach(() => home?.remove());

  it('a step that cannot go on (no rootHolders) stops the others: no console password is set, what was not started is said, exit 2', async () => {
    home = makeHome(proxy.url);
    proxy.clear();
    writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ contacts: dayOneAnswers(home.cwd).contacts }));
    const { code, stdout: out, stderr: err } = await runCli(['--ci', '--yes', '--steps', 'contacts,admin,lockaway', '--admin-user', 'alice', '--alias', 'acme-q1', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd });
    expect(code, out + err).toBe(2);
    expect(err).toMatch(/^mvsp-setup: missing answer: .*rootHolders/m);
    expect(out).toMatch(/^ {2}○ not done: .* \(stopped because lockaway cannot go on\)$/m);
    // the admin's plan ends with its console password: never reached, so no password is lost
    expect(proxy.calls().filter((c) => c.action === 'CreateLoginProfile')).toEqual([]);
  }, 60_000);

  it('a step earlier in the order stops on a missing answer after admin set its password: the password is printed, then the summary and the error', async () => {
    home = makeHome(proxy.url);
    proxy.clear();
    const answers = dayOneAnswers(home.cwd);
    // no contacts: the contacts step asks once it has read them, which AWS answers only
    // after the admin's console password is set (a slow Account Management API)
    writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ rootHolders: answers.rootHolders }));
    let passwordSet!: () => void;
    const set = new Promise<void>((resolve) => (passwordSet = resolve));
    proxy.onResponse((call) => {
      if (call.action === 'CreateLoginProfile' && call.status === 200) passwordSet();
    });
    proxy.setHold((call) => (call.action === 'GetAlternateContact' ? set : null));
    const { code, stdout: out, stderr: err } = await runCli(['--ci', '--yes', '--steps', 'contacts,admin', '--admin-user', 'alice', '--alias', 'acme-q1', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd });
    proxy.setHold(null);
    proxy.onResponse(null);
    expect(code, out + err).toBe(2);
    expect(err).toMatch(/^mvsp-setup: missing answer: .*contacts\.security/m);
    const sent = proxy.calls().find((c) => c.action === 'CreateLoginProfile' && c.status === 200);
    expect(sent, out).toBeDefined();
    const password = new URLSearchParams(sent!.body).get('Password')!;
    // handed over: on the screen, as the step's lines say, and the run's summary names admin
    expect(out).toContain(`  ${password}\n`);
    expect(out).toMatch(/^ {2}admin: done — /m);
    expect(out.indexOf('summary:')).toBeGreaterThan(out.indexOf(password));
  }, 60_000);

  it('a step stopped on a missing answer while a change is still unanswered 5 s after the signal: the stop is said, and not as "not finished"', async () => {
    let closed!: () => void;
    const childClosed = new Promise<void>((resolve) => (closed = resolve));
    // contacts reads (then stops: no contacts answered) once the password call is on its way; that call is answered after the run
    const answers = (dir: string) => writeFileSync(join(dir, 'answers.json'), JSON.stringify({ rootHolders: dayOneAnswers(dir).rootHolders }));
    const r = await interruptedAt('CreateLoginProfile', 'SIGTERM', ['--answers', 'answers.json', '--password-file', 'pw.txt'], {
      release: childClosed,
      steps: 'contacts,admin',
      prepare: answers,
      heldUntilSignal: 'GetAlternateContact',
    }).finally(closed);
    expect(r.code, r.out + r.err).toBe(143);
    expect(r.out).toMatch(/^contacts: ✖ stopped: missing answer: .*contacts\.security/m);
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^Interrupted \(terminated\)\. Not finished after 5 s: admin; /);
  }, 90_000);

  it('a step that stops on a missing answer after the signal: the steps that finished are named, the error said, exit 143 all the same', async () => {
    // no rootHolders: the lockaway step cannot go on without a person; it finds that out
    // after its first read (GetAccountSummary), which AWS answers only after the signal
    const answers = (dir: string) => writeFileSync(join(dir, 'answers.json'), JSON.stringify({ contacts: dayOneAnswers(dir).contacts }));
    const r = await interruptedAt('CreateLoginProfile', 'SIGTERM', ['--answers', 'answers.json', '--password-file', 'pw.txt'], {
      steps: 'contacts,admin,lockaway',
      prepare: answers,
      heldUntilSignal: 'GetAccountSummary',
    });
    expect(r.code, r.out + r.err).toBe(143);
    expect(r.err).toMatch(/^mvsp-setup: missing answer: .*rootHolders/m);
    expect(r.out).toMatch(/^ {2}✔ Set the security contact to /m);
    expect(r.out.trimEnd().split('\n').at(-1)).toMatch(/^Interrupted \(terminated\)\. Finished: contacts(, admin)?\. Not finished: (admin, )?lockaway\. What finished stays done/);
    expect(readFileSync(join(home.cwd, 'pw.txt'), 'utf8')).toBe(`${r.password}\n`);
  }, 60_000);

  it('SIGTERM on CreateLoginProfile: the password is in its 0600 file, the step and the "Interrupted" line are said, exit 143', async () => {
    const r = await interruptedAt('CreateLoginProfile', 'SIGTERM', ['--password-file', 'pw.txt']);
    expect(r.code, r.out + r.err).toBe(143);
    expect(r.password).toMatch(/^\S{20,}$/);
    const path = join(home.cwd, 'pw.txt');
    expect(readFileSync(path, 'utf8')).toBe(`${r.password}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(r.out).toMatch(/^admin: ✔ Temporary password for alice written to .*pw\.txt \(mode 0600\)/m);
    expect(r.out).toMatch(/^ {2}✔ Create IAM user alice/m);
    expect(r.out).toMatch(/^summary:$/m);
    const last = r.out.trimEnd().split('\n').at(-1);
    expect(last).toMatch(/^Interrupted \(terminated\)\. (Finished: admin\.|No step finished\. Not finished: admin\.) What finished stays done; a re-run continues from there \(nothing is redone\)\.$/);
    expect(r.out).not.toContain(r.password!);
  }, 60_000);

  it('a password call still unanswered after the wait: said as maybe made; the re-run replaces that password and writes it to the file left empty', async () => {
    let closed!: () => void;
    const childClosed = new Promise<void>((resolve) => (closed = resolve));
    const pending = interruptedAt('CreateLoginProfile', 'SIGTERM', ['--password-file', 'pw.txt'], { release: childClosed });
    // the call reaches AWS only after the run has ended: AWS holds a password nobody saw
    const r = await pending.finally(closed);
    expect(r.code, r.out + r.err).toBe(143);
    expect(r.out).toMatch(/^ {2}\+ Console password for alice \(reset at first sign-in\) {2}\[iam:CreateLoginProfile\]$/m);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      'Interrupted (terminated). Not finished after 5 s: admin; a change still under way may or may not have been made. Run mvsp-setup again: it reads what is in place and finishes the rest (a console password nobody received is replaced).',
    );
    const path = join(home.cwd, 'pw.txt');
    expect(readFileSync(path, 'utf8')).toBe('');
    await expect.poll(() => proxy.calls().find((c) => c.action === 'CreateLoginProfile')?.status, { timeout: 10_000 }).toBe(200);

    proxy.clear();
    const again = spawn(process.execPath, [BIN, '--ci', '--yes', '--steps', 'admin', '--admin-user', 'alice', '--alias', 'acme-q1', '--password-file', 'pw.txt'], { env: home.env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    again.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => again.on('close', (c) => resolve(c)));
    expect(code, out).toBe(0);
    const update = proxy.calls().find((c) => c.action === 'UpdateLoginProfile');
    expect(update, out).toBeDefined();
    const password = new URLSearchParams(update!.body).get('Password');
    expect(readFileSync(path, 'utf8')).toBe(`${password}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  }, 90_000);

  it('SIGINT on CreateUser, no file: the password is printed if AWS got one, else none is set; "Interrupted" names admin as not finished, exit 130', async () => {
    const r = await interruptedAt('CreateUser', 'SIGINT', []);
    expect(r.code, r.out + r.err).toBe(130);
    // the call under way ended: alice exists, and what was not started is said as not done
    expect(r.out).toMatch(/^ {2}✔ Create IAM user alice/m);
    if (r.password === null) {
      expect(r.out).toMatch(/^ {2}○ not done: .*\(interrupted\)$/m);
      expect(r.out).toMatch(/^admin: ⚠ interrupted: \d+ of \d+ changes made; re-run to finish/m);
    } else {
      expect(r.out).toContain(`  ${r.password}\n`);
    }
    expect(r.out).toMatch(/^ {2}admin: failed — /m);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('Interrupted (Ctrl-C). No step finished. Not finished: admin. What finished stays done; a re-run continues from there (nothing is redone).');
  }, 60_000);
});
