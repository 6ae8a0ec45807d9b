// onboard and offboard in the built binary, in a real 80x24 pseudo-terminal, on the demo sandbox.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, runInPty, type PtyRun } from '../helpers/pty.js';
import { makeHome, runCli } from '../helpers/cli-run.js';

/** A key sent the moment a prompt is drawn can arrive before Ink listens: send it again until it is seen. */
async function pressUntil(p: PtyRun, key: string, seen: string, tries = 5): Promise<void> {
  for (let i = 0; i < tries; i++) {
    p.write(key);
    try {
      await p.waitFor(seen, 3000);
      return;
    } catch {
      /* not taken yet */
    }
  }
  await p.waitFor(seen);
}

describe('mvsp-setup --demo onboard / offboard', () => {
  it('offboard bob: plan, y, report, Enter, exit 0', async () => {
    const p = runInPty(['offboard', 'bob', '--demo'], { cols: 80, rows: 24 });
    await p.waitFor('Apply this plan?');
    expect(p.text()).toContain('Delete the console password of bob');
    await pressUntil(p, 'y', 'Disabling bob');
    await p.waitFor('bob is disabled');
    await p.pressUntil('\r', 'exit');
    expect(await p.exited).toBe(0);
  });

  it('offboard carol: Enter at the y/N confirm leaves "Nothing changed." on the terminal, exit 0', async () => {
    const p = runInPty(['offboard', 'carol', '--demo'], { cols: 80, rows: 24 });
    await p.waitFor('Apply this plan?');
    await p.pressUntil('\r', 'exit');
    expect(await p.exited).toBe(0);
    expect(p.text()).toContain('Nothing changed.');
    expect(p.text()).not.toContain('Disabling carol');
  });

  it.each([
    ['the Ink screen', [] as string[], 'Apply this plan?'],
    ['--plain', ['--plain'], '? Apply this plan'],
  ])('onboard --group Administrators in %s: the plan says it grants admin rights; no changes nothing', async (ui, flags, prompt) => {
    const env = { XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'mvsp-team-')) };
    const p = runInPty(['onboard', '--demo', ...flags, '--user', 'erin', '--email', 'erin@acme.com', '--group', 'Administrators'], { cols: 80, rows: 24, env });
    await p.waitFor(prompt);
    const plan = p.text().replace(/\s+/g, ' ');
    expect(plan).toContain('⚠ Admin rights: erin joins Administrators, an admin group (AWS managed AdministratorAccess: * on *)');
    if (ui === '--plain') p.write('no\r');
    else {
      // n goes back to the form; Esc on its first field quits
      await pressUntil(p, 'n', 'IAM user name of the new engineer:');
      await p.pressUntil('\u001b', 'exit');
    }
    expect(await p.exited).toBe(0);
    expect(p.text()).not.toContain('1 set up');
  });

  it('onboard with the fields given: plan, y, the welcome note with a masked password, exit 0', async () => {
    const p = runInPty(['onboard', '--demo', '--user', 'erin', '--email', 'erin@acme.com', '--group', 'ReadOnly'], { cols: 80, rows: 24 });
    await p.waitFor('Apply this plan?');
    expect(p.text()).toContain('Create IAM user erin');
    await pressUntil(p, 'y', '1 set up, 0 not finished');
    await p.waitFor('1 set up, 0 not finished, 0 left out.');
    expect(p.text()).toMatch(/Temporary password: •{20}/);
    await p.pressUntil('\r', 'exit');
    expect(await p.exited).toBe(0);
  });

  it('offboard --ci --yes under Ctrl-C (SIGINT) while changing: says how many changes were made, exit 130', async () => {
    const home = makeHome(undefined);
    try {
      const child = spawn(process.execPath, [BIN, 'offboard', 'bob', '--demo', '--ci', '--yes'], { env: home.env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let sent = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        // the first change is made: interrupt the rest
        if (!sent && /✔ Delete the console password of bob/.test(out)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(sent).toBe(true);
      expect(code).toBe(130);
      expect(out).toMatch(/^offboard: ⚠ [1-6] of 7 changes made to bob; re-run to finish \(nothing is redone\)$/m);
      expect(out).not.toContain('bob is disabled');
    } finally {
      home.remove();
    }
  }, 30_000);

  it('without a terminal, offboard and onboard say the commands to type instead, and those run', async () => {
    const home = makeHome(undefined);
    try {
      const off = await runCli(['offboard', 'bob', '--demo'], { env: home.env, cwd: home.cwd });
      expect(off.code).toBe(2);
      expect(off.stderr).toContain('  For line-by-line prompts:  mvsp-setup offboard bob --demo --plain\n');
      expect(off.stderr).toContain('  For a scripted run:        mvsp-setup offboard bob --demo --ci --yes\n');
      expect(off.stderr).not.toContain('--answers');
      const on = await runCli(['onboard', '--demo'], { env: home.env, cwd: home.cwd });
      expect(on.code).toBe(2);
      expect(on.stderr).toContain('  For a scripted run:        mvsp-setup onboard --demo --ci --yes --user NAME --email E --group G  (or --from FILE.csv)\n');
      // the hint, typed as said, runs
      const ci = await runCli(['offboard', 'bob', '--demo', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      expect(ci.code).toBe(0);
      expect(ci.stdout).toContain('offboard: ✔ bob is disabled');
      const onCi = await runCli(['onboard', '--demo', '--ci', '--yes', '--user', 'erin', '--email', 'erin@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
      expect(onCi.stderr).toBe('');
      expect(onCi.code).toBe(0);
    } finally {
      home.remove();
    }
  }, 60_000);
});
