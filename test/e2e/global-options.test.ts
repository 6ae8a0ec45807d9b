// The built binary's command line as people type it: global options on either side of the
// command (as gh and aws take them), and help that fits an 80-column terminal.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { COMMAND_NAMES } from '../../src/args.js';

describe('--help in an 80-column terminal', () => {
  const invocations: [string[]][] = [[[]], ...COMMAND_NAMES.map((c): [string[]] => [[c]])];
  it.each(invocations)('mvsp-setup %j --help: every line fits 80 columns', async (command) => {
    const home = makeHome(undefined);
    try {
      const r = await runCli([...command, '--help'], { env: { ...home.env, COLUMNS: '80' }, cwd: home.cwd });
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.length).toBeGreaterThan(8);
      expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
      // the global options are listed once, in the top-level help
      const globalRows = lines.filter((l) => /^ {2}--profile P\s/.test(l)).length;
      expect(globalRows).toBe(command.length === 0 || command[0] === 'setup' ? 1 : 0);
    } finally {
      home.remove();
    }
  });
});

describe('global options before or after the command, against moto', () => {
  useMoto();
  let home: Sandbox | undefined;
  afterEach(() => home?.remove());

  it('mvsp-setup --profile p verify reads the account with profile p, as mvsp-setup verify --profile p does', async () => {
    home = makeHome(motoUrl());
    // the only credentials are the profile's: without --profile there are none
    delete home.env.AWS_ACCESS_KEY_ID;
    delete home.env.AWS_SECRET_ACCESS_KEY;
    mkdirSync(join(home.home, '.aws'), { recursive: true });
    writeFileSync(join(home.home, '.aws/credentials'), '[p]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
    writeFileSync(join(home.home, '.aws/config'), '[profile p]\nregion = us-east-1\n');

    const none = await runCli(['verify', '--ci', '--json'], { env: home.env, cwd: home.cwd });
    expect(none.code, none.stdout + none.stderr).toBe(2);

    const before = await runCli(['--profile', 'p', 'verify', '--ci', '--json'], { env: home.env, cwd: home.cwd });
    const after = await runCli(['verify', '--ci', '--json', '--profile', 'p'], { env: home.env, cwd: home.cwd });
    expect(before.stderr).not.toMatch(/unexpected argument|unknown/);
    const docBefore = JSON.parse(before.stdout) as { account: { id: string }; checks: { id: string; status: string }[] };
    const docAfter = JSON.parse(after.stdout) as typeof docBefore;
    expect(docBefore.account.id).toBe(MOTO_ACCOUNT_ID);
    expect(docBefore.checks.map((c) => `${c.id}:${c.status}`)).toEqual(docAfter.checks.map((c) => `${c.id}:${c.status}`));
    expect(before.code).toBe(after.code);
  });

  it('an unknown option before the command is still a usage error, exit 2, and nothing is read', async () => {
    home = makeHome(motoUrl());
    const r = await runCli(['--profle', 'p', 'verify', '--ci'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown option '--profle' — did you mean '--profile'?");
  });
});
