// An interrupted batch onboard in the full-screen front end has handed over every password
// it created. The built binary in a real pseudo-terminal, over moto, through a proxy that
// sees the requests: Ctrl-C is typed right after the first CreateLoginProfile succeeded.
// The first Ctrl-C starts nobody new, lets those under way finish, and shows every new
// password until the person says they are stored (then the screen is cleared, exit 130);
// a second Ctrl-C ends the run at once and a re-run resets the passwords nobody confirmed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { CLEAR_SCREEN, cliPid, runInPty, type PtyRun } from '../helpers/pty.js';
import { formValue, passwordsCreated, writeTeam } from '../helpers/handover.js';

useMoto();

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
  return () => {
    proxy.onResponse(null);
    proxy.setHold(null);
    home.remove();
  };
});

type Stop = (p: PtyRun) => void;
const CTRL_C: Stop = (p) => p.write('\u0003');

/**
 * Start `onboard --from team.csv` in the full-screen front end; `stop` it (Ctrl-C) once the
 * first password exists. From then on each engineer's CreateUser waits until the CLI has
 * taken the stop (its "Stopping:" line, or its exit): a key on its way through the
 * terminal on a busy machine must not let the whole batch finish first, or nothing would be
 * left to not start. `onScreen` false: the stop takes the terminal away, so nothing is held.
 */
async function startInterrupted(extra: string[] = [], env: NodeJS.ProcessEnv = {}, stop: Stop = CTRL_C, onScreen = true): Promise<PtyRun> {
  const p = runInPty(['onboard', '--from', 'team.csv', '--yes', ...extra], { env: { ...home.env, ...env }, cwd: home.cwd, cols: 80, rows: 24 });
  let taken: Promise<void> | null = null;
  if (onScreen) proxy.setHold((call) => (taken && call.action === 'CreateUser' ? taken : null));
  // the key (or signal) lands while that response is still on its way to the CLI
  proxy.onResponse((call) => {
    if (call.action === 'CreateLoginProfile' && call.status === 200 && !taken) {
      taken = Promise.race([p.waitFor('Stopping:', 60_000), p.exited]).then(
        () => undefined,
        () => undefined,
      );
      stop(p);
    }
  });
  await p.waitFor('Enter plan', 30_000);
  p.write('\r');
  return p;
}

/**
 * A re-run (--ci) resets each of `created`'s passwords (nobody confirmed them): a new one,
 * reset required, printed.
 */
async function expectResetOnRerun(created: { name: string; password: string }[]): Promise<void> {
  proxy.clear();
  const again = await runCli(['onboard', '--ci', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
  expect(again.code, again.stdout + again.stderr).toBe(0);
  for (const { name, password: lost } of created) {
    const update = proxy.calls().find((c) => c.action === 'UpdateLoginProfile' && formValue(c.body, 'UserName') === name);
    expect(update, `${name}: no reset\n${again.stdout}`).toBeDefined();
    expect(formValue(update!.body, 'PasswordResetRequired')).toBe('true');
    const fresh = formValue(update!.body, 'Password')!;
    expect(fresh).not.toBe(lost);
    expect(again.stdout).toContain(`Temporary password: ${fresh}`);
  }
}

/** What the terminal shows at the end: the bytes after the last full-screen clear. */
function visibleAtExit(p: PtyRun): string {
  const raw = p.raw();
  return raw.slice(raw.lastIndexOf(CLEAR_SCREEN));
}

/** The last frame drawn (each starts with the header). */
function lastFrame(p: PtyRun): string {
  const text = p.text();
  return text.slice(text.lastIndexOf('mvsp-setup'));
}

describe('onboard --from in the full-screen front end, interrupted', () => {
  const WELCOME = 'welcome-notes-for-the-new-engineers-of-the-platform-team-this-quarter.txt';
  const FIRST_STOPS: [string, number, Stop, string[]][] = [
    ['Ctrl-C', 130, CTRL_C, []],
    ['SIGTERM', 143, () => process.kill(cliPid(home.cwd), 'SIGTERM'), []],
    // the notes go to the file without passwords: those are on the screen
    ['Ctrl-C with --welcome-file', 130, CTRL_C, ['--welcome-file', WELCOME]],
  ];
  it.each(FIRST_STOPS)('%s after the first password exists: every password created is shown until stored, then cleared; exit %i', async (_what, exitCode, stop, extra) => {
    // sixteen engineers, four set up at once: the batch is stopped part way
    const names = writeTeam(home.cwd, 16);
    const p = await startInterrupted(extra, {}, stop);
    // the whole frame: it ends with the key hints
    await p.waitFor(/Interrupted: \d+ of 16 engineers set up; re-run to finish[\s\S]*Ctrl-C quit/, 60_000);
    const first = lastFrame(p);
    expect(first).toMatch(/Not set up \(\d+\): /);
    // every screen of it fits 80x24 and says which keys work
    const pages: string[] = [];
    for (let i = 0; i < 20; i++) {
      const frame = lastFrame(p);
      pages.push(frame);
      expect(frame.split('\n').length, frame).toBeLessThanOrEqual(24);
      expect(frame.split('\n').filter((l) => l.length > 80), frame).toEqual([]);
      expect(frame).toMatch(/Ctrl-C quit/);
      if (/Enter once the passwords are stored/.test(frame)) break;
      const shown = /New password (\d+) of/.exec(frame)![1];
      p.write('\r');
      await p.waitFor(new RegExp(`New password ${Number(shown) + 1} of[\\s\\S]*Ctrl-C quit`));
    }
    expect(lastFrame(p)).toMatch(/Enter once the passwords are stored/);
    p.write('\r');
    const code = await p.exited;
    expect(code, p.text().slice(-2000)).toBe(exitCode);

    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    // stopped part way: not every engineer was started
    expect(created.length, p.text().slice(-2000)).toBeLessThan(names.length);
    // those the screen counts as set up are (each has its password); the others are listed
    const listed = /Not set up \((\d+)\): ([\s\S]*?)\n(?:Welcome notes|New password)/.exec(first)!;
    const notSetUp = listed[2]!.split(/,\s*/).map((n) => n.trim());
    expect(notSetUp.length).toBe(Number(listed[1]));
    expect(Number(/Interrupted: (\d+) of 16/.exec(first)![1])).toBe(names.length - notSetUp.length);
    for (const name of names.filter((n) => !notSetUp.includes(n))) expect(created.map((c) => c.name), `${name} counted as set up`).toContain(name);
    for (const { name, password } of created) {
      expect(pages.some((f) => f.includes(`Temporary password: ${password}`)), `${name}'s password was not handed over`).toBe(true);
      expect(visibleAtExit(p), `${name}'s password stayed on the screen`).not.toContain(password);
    }
    expect(p.raw()).toContain(CLEAR_SCREEN);
    expect(visibleAtExit(p)).toMatch(/secret was on the screen; it was cleared/);
    expect(visibleAtExit(p)).toMatch(/Interrupted\. \d+ of 16 engineers set up; re-run to finish/);
    if (extra.length > 0) {
      expect(first).toMatch(/Welcome notes written to/);
      const file = readFileSync(join(home.cwd, WELCOME), 'utf8');
      for (const { name, password } of created) {
        expect(file).toContain(`User name:    ${name}`);
        expect(file).not.toContain(password);
      }
    }

    // stored, as the person said: the re-run sets up the rest and resets no password
    proxy.clear();
    const again = await runCli(['onboard', '--ci', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(proxy.calls().filter((c) => c.action === 'UpdateLoginProfile')).toEqual([]);
    for (const { password } of created) expect(again.stdout).not.toContain(password);
  }, 180_000);

  it('a second Ctrl-C exits at once with 130; the re-run resets the passwords nobody confirmed (NO_COLOR)', async () => {
    // sixteen engineers, four set up at once: the batch is stopped part way
    const names = writeTeam(home.cwd, 16);
    const p = await startInterrupted([], { NO_COLOR: '1', FORCE_COLOR: undefined });
    await p.waitFor(/New password 1 of[\s\S]*Ctrl-C quit/, 60_000);
    const onScreen = lastFrame(p);
    // SGR sequences: colours (3x, 9x), dim (2), inverse (7) — none may reach the terminal
    const sgr = p.raw().match(/\u001b\[[\d;]*m/g) ?? [];
    expect(sgr.filter((s) => /\[(?:\d+;)*(?:3\d|9\d|2|7)(?:;|m)/.test(s))).toEqual([]);
    p.write('\u0003');
    await p.typed();
    const t0 = Date.now();
    expect(await p.exited).toBe(130);
    // at once: not after the person's Enter, nor after any clean-up's time limit (liveness bound)
    expect(Date.now() - t0).toBeLessThan(2000);
    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThan(names.length);
    // the first new password was on the screen, and nobody said it was stored
    expect(created.some(({ password }) => onScreen.includes(`Temporary password: ${password}`)), onScreen).toBe(true);
    for (const { password } of created) expect(visibleAtExit(p)).not.toContain(password);

    await expectResetOnRerun(created);
  }, 180_000);

  it('with --welcome-file --include-password: each password created is in the file, nothing asked; exit 130', async () => {
    // sixteen engineers, four set up at once: the batch is stopped part way
    const names = writeTeam(home.cwd, 16);
    const p = await startInterrupted(['--welcome-file', 'welcome.txt', '--include-password']);
    const code = await p.exited;
    expect(code, p.text().slice(-2000)).toBe(130);
    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThan(names.length);
    const file = readFileSync(join(home.cwd, 'welcome.txt'), 'utf8');
    for (const { name, password } of created) {
      expect(file, `${name}'s password is not in the file`).toContain(`User name:    ${name}\n  Temporary password: ${password}`);
      expect(p.raw()).not.toContain(password);
    }
    expect(p.text()).toMatch(/Interrupted\. \d+ of 16 engineers set up; re-run to finish \(nothing is redone\); Welcome notes written to/);

    // in the file, so handed over: the re-run resets nothing
    proxy.clear();
    const again = await runCli(['onboard', '--ci', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(proxy.calls().filter((c) => c.action === 'UpdateLoginProfile')).toEqual([]);
  }, 180_000);

  it('the terminal closed after the first password exists: exit 129 without waiting; the re-run resets every password created', async () => {
    // sixteen engineers, four set up at once: the batch is stopped part way
    const names = writeTeam(home.cwd, 16);
    // what the program writes to stderr after the terminal is gone lands in this file
    const stderrFile = join(home.root, 'stderr.txt');
    const p = await startInterrupted([], { PTY_RELAY_STDERR: stderrFile }, (run) => run.hangUp(), false);
    const exit = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 30_000))]);
    const stderr = readFileSync(stderrFile, 'utf8');
    // 134 would be Node aborting on the EIO a closed terminal answers; -1, waiting for nobody
    expect(exit, stderr).toBe(129);
    expect(stderr).not.toMatch(/Assertion|node::|Aborted|FATAL ERROR|unexpected error|\n\s+at /);
    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThan(names.length);

    // nobody saw them: each is reset and handed over by the re-run
    await expectResetOnRerun(created);
  }, 180_000);
});
