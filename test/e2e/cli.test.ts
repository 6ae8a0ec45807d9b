// The built binary, as a person or a script runs it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN, runInPty } from '../helpers/pty.js';
import { useMoto } from '../helpers/moto.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function run(args: string[], input?: string) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', encoding: 'utf8', env, timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mvsp-setup binary', () => {
  it('--help lists the commands and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['setup', 'verify', 'mfa', 'onboard', 'offboard', 'reminder']) expect(r.stdout).toContain(`  ${c} `);
    expect(r.stdout).toContain('--demo');
    expect(r.stdout).toContain('Exit codes');
  });

  it('--version prints the package version and exits 0', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('an unknown flag is one line on stderr with the nearest valid flag, exit 2', () => {
    const r = run(['--demp']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("did you mean '--demo'");
  });

  it('without a terminal it explains --plain and --ci, exit 2, no stack trace', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--plain');
    expect(r.stderr).toContain('--ci');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--demo in a real terminal shows the welcome screen for the sandbox account, q quits with 0', async () => {
    const p = runInPty(['--demo']);
    await p.waitFor('Enter start');
    const screen = p.text();
    expect(screen).toContain('DEMO');
    expect(screen).toContain('111122223333');
    expect(screen).toContain('root user');
    await p.pressUntil('q', 'exit');
    expect(await p.exited).toBe(0);
  });

  it('Ctrl-C on the welcome screen exits 130 and shows the cursor again', async () => {
    const p = runInPty(['--demo']);
    await p.waitFor('Enter start');
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.raw()).toContain('\u001B[?25h');
  });
});

describe('mvsp-setup binary against the moto emulator', () => {
  useMoto();

  it('shows the account and the caller (an IAM user) read through the real SDK over HTTP', async () => {
    const p = runInPty([]);
    await p.waitFor('Enter start');
    const screen = p.text();
    expect(screen).toContain('123456789012');
    expect(screen).toContain('arn:aws:sts::123456789012:user/moto');
    expect(screen).toContain('IAM user moto');
    expect(screen).not.toContain('DEMO');
    await p.pressUntil('q', 'exit');
    expect(await p.exited).toBe(0);
  });

  it('with no usable credentials it says how to get them and exits 2', async () => {
    const p = runInPty([], { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_FULL_URI: '' } });
    expect(await p.exited).toBe(2);
    expect(p.text()).toContain('CloudShell');
    expect(p.text()).not.toMatch(/\n\s+at /);
  });
});
