// Plain mode in the built binary, in a real pseudo-terminal, on the demo sandbox: what a
// screen reader or a log reads, byte by byte.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CLEAR_SCREEN, cursorControl, runInPty } from '../helpers/pty.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';

const CLEAR = CLEAR_SCREEN;

describe('mvsp-setup --plain (pty, demo sandbox)', () => {
  it('walks the admin step line by line: no cursor movement, the password cleared once saved', async () => {
    const p = runInPty(['--demo', '--plain', '--steps', 'admin']);
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('erin smith\r');
    await p.waitFor('✖ A space is not allowed');
    await p.waitFor(/User name of the first IAM admin: [^]*User name of the first IAM admin: $/);
    p.write('erin\r');
    await p.waitFor('Account alias for the sign-in URL (empty for none): ');
    p.write('erin-co\r');
    await p.waitFor('(yes or no, Enter for yes): ');
    expect(p.text()).toContain('+ Create IAM user erin (tagged)  [iam:CreateUser]');
    p.write('\r');
    await p.waitFor('? Saved the temporary password? It is not shown again once you go on');
    const beforeClear = p.raw();
    // printed whole on its own line, to copy
    expect(beforeClear).toMatch(/Temporary password for erin \(shown once, must be changed at first sign-in\):\r?\n  \S{20}\r?\n/);
    expect(beforeClear).not.toContain(CLEAR);
    p.write('y\r');
    expect(await p.exited).toBe(0);
    expect(p.text()).toMatch(/admin: done — IAM admin erin in Administrators/);
    const raw = p.raw();
    // the typed answers are the terminal's own echo, in order
    expect(p.text()).toMatch(/User name of the first IAM admin: erin smith\n[^]*User name of the first IAM admin: erin\n/);
    expect(p.text()).toContain("The terminal's scrollback may still hold it");
    expect(cursorControl(raw)).toEqual([]);
    // exactly one clear, after the password
    expect(raw.split(CLEAR)).toHaveLength(2);
    expect(raw.indexOf(CLEAR)).toBeGreaterThan(raw.indexOf('Temporary password for erin'));
    // no colour either: plain output never depends on it
    expect(raw).not.toMatch(/\u001b\[[\d;]*m/);
  }, 30_000);

  it('TERM=dumb picks the plain prompts on its own; Ctrl-C stops with exit 130', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { env: { TERM: 'dumb' } });
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.text()).toContain('Interrupted (Ctrl-C)');
    expect(cursorControl(p.raw())).toEqual([]);
  }, 30_000);
});

describe('--plain interrupted: the last line fits the terminal and says what is true', () => {
  /** the raw lines from the interrupt's line on, as the terminal received them */
  const tail = (raw: string) => raw.slice(raw.lastIndexOf('Interrupted (')).split(/\r?\n/).filter((l) => l !== '');

  it('Ctrl-C before any plan was accepted: "Nothing changed."', async () => {
    const p = runInPty(['--demo', '--plain', '--steps', 'admin']);
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(tail(p.raw())).toEqual(['Interrupted (Ctrl-C). Nothing changed.']);
  }, 30_000);

  it('Ctrl-C after changes were made: what finished stays done, wrapped at 80 columns', async () => {
    const p = runInPty(['--demo', '--plain', '--steps', 'admin']);
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('erin\r');
    await p.waitFor('Account alias for the sign-in URL (empty for none): ');
    p.write('\r');
    await p.waitFor('(yes or no, Enter for yes): ');
    p.write('\r');
    await p.waitFor('? Saved the temporary password?');
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    const lines = tail(p.raw());
    expect(lines).toEqual(['Interrupted (Ctrl-C). What finished above stays done; a re-run continues from', 'there.']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  }, 30_000);
});

/** A fresh HOME (and XDG dirs, and a working directory) for one run, removed after it. */
async function inHome(fn: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = makeHome(undefined);
  try {
    await fn(sandbox);
  } finally {
    sandbox.remove();
  }
}

describe('--plain when the input ends (Ctrl-D, a script out of answers): no interrupt', () => {
  it('verify: Ctrl-D at the attestation question saves the report as a skip does; exit 1 (demo fails checks), never 130', () =>
    inHome(async (sandbox) => {
      const p = runInPty(['verify', '--demo', '--plain'], { env: sandbox.env, cwd: sandbox.cwd });
      await p.waitFor('(yes or no, Enter for yes): ');
      p.write('\u0004');
      expect(await p.exited).toBe(1);
      expect(p.text()).toContain('→ no (the input ended)');
      expect(p.text()).not.toContain('Interrupted');
      const saved = /report written to (\S+\.md) \(and \.json\)/.exec(p.text().replace(/\n(?=\S)/g, ''));
      expect(saved, p.text()).not.toBeNull();
      expect(readFileSync(saved![1]!, 'utf8')).toContain('root-mfa');
    }), 30_000);

  it('verify: stdin at its end from the start (</dev/null) saves the report; exit as verify’s', () =>
    inHome(async (sandbox) => {
      const r = await runCli(['verify', '--demo', '--plain'], { env: sandbox.env, cwd: sandbox.cwd });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('→ no (the input ended)');
      const saved = /report written to (\S+\.md) \(and \.json\)/.exec(r.stdout);
      expect(saved, r.stdout).not.toBeNull();
      expect(readFileSync(saved![1]!, 'utf8')).toContain('root-mfa');
      // the answers ran out inside the questions: the checks are still kept
      const mid = await runCli(['verify', '--demo', '--plain'], { env: sandbox.env, cwd: sandbox.cwd, input: 'yes\n' });
      expect(mid.code, mid.stdout + mid.stderr).toBe(1);
      expect(mid.stdout).toContain('The input ended before the questions were answered: no attestation is recorded');
      expect(mid.stdout).toMatch(/report written to \S+\.md/);
    }), 60_000);

  it('offboard: the input ending at the confirm is a no: nothing changed, exit 0', () =>
    inHome(async (sandbox) => {
      const r = await runCli(['offboard', 'bob', '--demo', '--plain'], { env: sandbox.env, cwd: sandbox.cwd });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Apply this plan\? \(yes or no, Enter for no\): \n {2}→ no \(the input ended\)\n/);
      expect(r.stdout).toContain('Nothing changed.');
      expect(r.stdout).not.toMatch(/Disabling bob|Interrupted/);
    }), 30_000);

  it('setup: the input ending at a question stops the run there, said in the summary; exit 0 as for a declined plan', () =>
    inHome(async (sandbox) => {
      const r = await runCli(['--demo', '--plain', '--steps', 'admin,reminder'], { env: sandbox.env, cwd: sandbox.cwd });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('admin: ⚠ Stopped: the input ended before its questions were answered. Re-run to finish.');
      expect(r.stdout).toContain('summary:\n  admin: skipped — stopped: the input ended\n');
      // nothing after it ran or was asked
      expect(r.stdout).not.toMatch(/reminder:|Interrupted/);
    }), 30_000);
});

describe('NO_COLOR and --no-color', () => {
  for (const [name, args, env] of [
    ['NO_COLOR=1', ['--demo', '--steps', 'admin'], { NO_COLOR: '1' }],
    ['--no-color', ['--demo', '--steps', 'admin', '--no-color'], {}],
  ] as const) {
    it(`${name}: the Ink wizard writes no colour or style codes, symbols and words carry the meaning`, async () => {
      const p = runInPty([...args], { env: { ...env } });
      await p.waitFor('Enter start');
      p.write('\r');
      await p.waitFor('User name of the first IAM admin:');
      p.write('erin smith');
      await p.waitFor('User name of the first IAM admin: erin smith');
      // checked on Enter
      p.write('\r');
      await p.waitFor('A space is not allowed');
      p.kill();
      expect(p.raw()).not.toMatch(/\u001b\[[\d;]*m/);
    }, 30_000);
  }

  it('without NO_COLOR the same screens are coloured (the check above can fail)', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    await p.waitFor('Enter start');
    p.kill();
    expect(p.raw()).toMatch(/\u001b\[[\d;]*m/);
  }, 30_000);
});
