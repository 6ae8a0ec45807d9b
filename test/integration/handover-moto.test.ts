// Passwords are handed over, whatever stops the run. A batch onboard stopped part way
// (SIGTERM, as a CI runner or `kill` sends it), in --ci or --plain, has handed over every
// password it created.
// A lost hand-off is repaired (setup's admin step and onboard): the run is killed (kill -9) right after CreateLoginProfile
// succeeded, before the password reached anyone. The re-run sees, in the local record, a
// password this tool set and never handed over, and in IAM that it was never used: it
// plans iam:UpdateLoginProfile with a new password (reset required) and hands that over.
// The built binary over moto, through a proxy that sees the requests.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { BIN } from '../helpers/pty.js';
import { enforcedCaller } from '../helpers/iam-user.js';
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
    home.remove();
  };
});

const ARGS = ['setup', '--ci', '--yes', '--steps', 'admin', '--admin-user', 'carl'];

/** Run, and kill -9 the moment CreateLoginProfile has succeeded (its response not yet delivered). */
async function runKilledAfterCreateLoginProfile(extra: string[], args: string[] = ARGS, env: NodeJS.ProcessEnv = home.env): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args, ...extra], { env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  proxy.onResponse((call) => {
    if (call.action === 'CreateLoginProfile' && call.status === 200) child.kill('SIGKILL');
  });
  await new Promise((resolve) => child.on('close', resolve));
  proxy.onResponse(null);
  return out;
}

describe('a lost password hand-off', () => {
  it('kill -9 after CreateLoginProfile: the re-run resets the password and writes the new one to the file', async () => {
    const first = await runKilledAfterCreateLoginProfile(['--password-file', 'pw.txt']);
    const created = proxy.calls().find((c) => c.action === 'CreateLoginProfile' && c.status === 200);
    expect(created, first).toBeDefined();
    const lost = formValue(created!.body, 'Password')!;
    expect(first).not.toContain(lost);

    proxy.clear();
    const again = await runCli([...ARGS, '--password-file', 'pw.txt'], { env: home.env, cwd: home.cwd });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/iam:UpdateLoginProfile/);
    const update = proxy.calls().find((c) => c.action === 'UpdateLoginProfile');
    expect(update).toBeDefined();
    expect(formValue(update!.body, 'PasswordResetRequired')).toBe('true');
    const fresh = formValue(update!.body, 'Password')!;
    expect(fresh).not.toBe(lost);
    expect(readFileSync(join(home.cwd, 'pw.txt'), 'utf8')).toBe(`${fresh}\n`);

    // handed over now: a third run leaves the password alone
    proxy.clear();
    const third = await runCli([...ARGS, '--password-file', 'pw2.txt'], { env: home.env, cwd: home.cwd });
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(proxy.calls().map((c) => c.action)).not.toContain('UpdateLoginProfile');
    expect(third.stdout).toMatch(/Console password for carl \(left unchanged\)/);
  }, 120_000);

  it('kill -9 after CreateLoginProfile, printed to the output: the re-run prints a new password', async () => {
    await runKilledAfterCreateLoginProfile([]);
    proxy.clear();
    const again = await runCli(ARGS, { env: home.env, cwd: home.cwd });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const update = proxy.calls().find((c) => c.action === 'UpdateLoginProfile');
    expect(update, again.stdout).toBeDefined();
    expect(again.stdout).toContain(formValue(update!.body, 'Password')!);
  }, 120_000);
});

describe('a lost password hand-off in onboard', () => {
  const ONBOARD = ['onboard', '--ci', '--yes', '--user', 'dana', '--email', 'dana@acme.com', '--group', 'Developers'];
  const PEOPLE = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as object;

  it('kill -9 after CreateLoginProfile: the re-run, with only policies/people.json, resets and hands over a new password', async () => {
    // moto enforces IAM from here on: the lead holds exactly the shipped policy
    const keys = await enforcedCaller('lead', { inline: PEOPLE });
    const env = { ...home.env, ...keys };
    const first = await runKilledAfterCreateLoginProfile([], ONBOARD, env);
    const created = proxy.calls().find((c) => c.action === 'CreateLoginProfile' && c.status === 200);
    expect(created, first).toBeDefined();
    const lost = formValue(created!.body, 'Password')!;
    expect(first).not.toContain(lost);

    proxy.clear();
    const again = await runCli(ONBOARD, { env, cwd: home.cwd });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/denied/i);
    expect(again.stdout).toMatch(/New console password for dana.*\[iam:UpdateLoginProfile\]/);
    const update = proxy.calls().find((c) => c.action === 'UpdateLoginProfile');
    expect(update, again.stdout).toBeDefined();
    expect(update!.status).toBe(200);
    expect(formValue(update!.body, 'PasswordResetRequired')).toBe('true');
    const fresh = formValue(update!.body, 'Password')!;
    expect(fresh).not.toBe(lost);
    expect(again.stdout).toContain(`Temporary password: ${fresh}`);

    // handed over now: a third run changes nothing
    proxy.clear();
    const third = await runCli(ONBOARD, { env, cwd: home.cwd });
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(proxy.calls().map((c) => c.action)).not.toContain('UpdateLoginProfile');
    expect(third.stdout).toMatch(/dana: already set up/);
  }, 120_000);
});

describe('onboard --ci --from, interrupted', () => {
  it('SIGTERM after the first password exists: exit 143, every password created was handed over', async () => {
    const names = writeTeam(home.cwd, 10);
    const child = spawn(process.execPath, [BIN, 'onboard', '--ci', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // the signal lands while that response is still on its way to the CLI
    proxy.onResponse((call) => {
      if (call.action === 'CreateLoginProfile' && call.status === 200) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stdout + stderr).toBe(143);

    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    // stopped part way: not every engineer was started
    expect(created.length, stdout).toBeLessThan(names.length);
    for (const { name, password } of created) expect(stdout, `${name}'s password was not handed over`).toContain(`Temporary password: ${password}`);
    expect(stdout).toMatch(/Interrupted/);
  }, 120_000);
});

describe('onboard --plain --from, interrupted', () => {
  it('SIGTERM after the first password exists: those under way are finished and handed over, then exit 143', async () => {
    const names = writeTeam(home.cwd, 10);
    const child = spawn(process.execPath, [BIN, 'onboard', '--plain', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      // the screen is cleared as the program closes: it waits for whoever stores the passwords
      if (/Press Enter once the passwords above are stored/.test(d)) child.stdin.write('\n');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // one signal (a second one ends any program at once, as it should)
    let sent = false;
    proxy.onResponse((call) => {
      if (call.action === 'CreateLoginProfile' && call.status === 200 && !sent) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stdout + stderr).toBe(143);
    expect(stdout).toMatch(/Press Enter once the passwords above are stored/);

    const created = await passwordsCreated(proxy, names);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length, stdout).toBeLessThan(names.length);
    // every password was out before the program asked for Enter (and so before it clears)
    const asked = stdout.indexOf('Press Enter once the passwords above are stored');
    for (const { name, password } of created) {
      const at = stdout.indexOf(`Temporary password: ${password}`);
      expect(at, `${name}'s password was not handed over`).toBeGreaterThan(-1);
      expect(at).toBeLessThan(asked);
    }
    expect(stdout).toMatch(/Interrupted \(terminated\)/);
    child.stdin.destroy();
  }, 120_000);
});
