// Every command of the built binary once, line by line (--ci) on the demo sandbox, in a
// throw-away home: the bundle loads on this Node, parses its flags, reaches the account
// and ends with its documented exit code. .ci/run runs this file (with the rest of
// test/e2e) on every supported Node major.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, runCli, STACK_TRACE, type Sandbox } from '../helpers/cli-run.js';

let home: Sandbox;
beforeEach(() => {
  home = makeHome(undefined);
});
afterEach(() => home.remove());

const DEMO_ACCOUNT = '111122223333';

/** `account`: the output names the demo account (every command but reminder reads it). */
const COMMANDS: { name: string; args: string[]; code: number; shows: RegExp; account?: false; after?: (stdout: string) => void }[] = [
  {
    name: 'setup',
    args: ['--demo', '--ci', '--yes', '--steps', 'admin', '--admin-user', 'alice'],
    code: 0,
    shows: /admin: done — IAM admin alice/,
  },
  { name: 'verify', args: ['verify', '--demo', '--ci'], code: 1, shows: /summary: \d+ pass, \d+ warn, \d+ fail, \d+ unknown/ },
  { name: 'mfa', args: ['mfa', '--demo', '--ci', '--user', 'nobody'], code: 1, shows: /There is no IAM user named nobody in account 111122223333/ },
  {
    name: 'onboard',
    args: ['onboard', '--demo', '--ci', '--yes', '--user', 'dave', '--email', 'dave@acme.com', '--group', 'Developers'],
    code: 0,
    shows: /Your group: Developers/,
  },
  { name: 'offboard', args: ['offboard', 'bob', '--demo', '--ci', '--yes'], code: 0, shows: /offboard: bob can no longer sign in or call AWS/ },
  {
    name: 'reminder',
    args: ['reminder', '--demo', '--ci', '--yes'],
    code: 0,
    shows: /mvsp-root-check\.ics: calendar event, every month/,
    account: false,
    // a demo writes its calendar file into its own folder, named on the first line
    after: (stdout) => {
      const folder = /^DEMO files go to (\S+) /.exec(stdout)?.[1] ?? home.cwd;
      expect(readFileSync(join(folder, 'mvsp-root-check.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
    },
  },
];

describe('each command, --ci on the demo sandbox', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await runCli(c.args, { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
    const output = r.stdout + r.stderr;
    expect({ code: r.code, output }).toMatchObject({ code: c.code, output: expect.stringMatching(c.shows) });
    if (c.account !== false) expect(output).toContain(DEMO_ACCOUNT);
    expect(output).not.toMatch(STACK_TRACE);
    c.after?.(r.stdout);
  });

  it.each(['setup', 'verify', 'mfa', 'onboard', 'offboard', 'reminder'])('%s --print-policy prints one IAM policy document', async (command) => {
    const r = await runCli([command, '--print-policy'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const policy = JSON.parse(r.stdout) as { Version: string; Statement: unknown[] };
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.length).toBeGreaterThan(0);
  });
});
