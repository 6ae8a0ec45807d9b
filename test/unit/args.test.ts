import { describe, expect, it } from 'vitest';
import { parseArgs, parseSteps, helpText, UsageError, COMMANDS, COMMAND_NAMES } from '../../src/args.js';

describe('parseArgs', () => {
  it('defaults to the setup wizard', () => {
    expect(parseArgs([])).toMatchObject({ command: 'setup', explicitCommand: false, flags: {} });
  });

  it('reads commands, value flags in both spellings, and booleans', () => {
    expect(parseArgs(['verify', '--ci', '--json', '--root-email=aws@acme.com'])).toMatchObject({
      command: 'verify',
      flags: { ci: true, json: true, 'root-email': 'aws@acme.com' },
    });
    expect(parseArgs(['--admin-user', 'alice', '--profile', 'prod']).flags).toEqual({ 'admin-user': 'alice', profile: 'prod' });
    expect(parseArgs(['offboard', 'bob']).positionals).toEqual(['bob']);
    expect(parseArgs(['-h']).flags.help).toBe(true);
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--demp'], /did you mean '--demo'/],
    [['verfy'], /unknown command 'verfy' — did you mean 'verify'/],
    [['verify', '--admin-user', 'x'], /belongs to 'mvsp-setup setup'/],
    [['--admin-user'], /needs a value/],
    [['--admin-user', '--yes'], /needs a value/],
    [['--yes=1'], /takes no value/],
    [['offboard', 'a', 'b'], /unexpected argument 'b'/],
    [['--steps', 'admin,mfaa'], /unknown step 'mfaa' in --steps — did you mean 'mfa'/],
    [['onboard', '--ci', '--yes', '--json'], /--json: 'onboard' prints no JSON document/],
    [['--ci', '--json'], /--json: 'setup' prints no JSON document/],
    [['offboard', 'bob', '--json'], /--json: 'offboard'/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('orders --steps in the wizard order', () => {
    expect(parseSteps('mfa, admin,root-email')).toEqual(['root-email', 'admin', 'mfa']);
  });

  it('help lists every command and every option of the command', () => {
    const top = helpText(undefined, '1.0.0');
    for (const name of COMMAND_NAMES) expect(top).toContain(`  ${name} `);
    for (const name of COMMAND_NAMES) {
      const text = helpText(name, '1.0.0');
      for (const o of COMMANDS[name].options) expect(text).toContain(`--${o.name}`);
    }
  });

  it('the global options are described once, in the top-level help, not under every command', () => {
    const described = (text: string) => text.split('\n').filter((l) => /^ {2}--profile P\s/.test(l)).length;
    expect(described(helpText(undefined, '1.0.0'))).toBe(1);
    for (const name of COMMAND_NAMES.filter((n) => n !== 'setup')) {
      const text = helpText(name, '1.0.0');
      expect(described(text), name).toBe(0);
      expect(text.replace(/\s+/g, ' '), name).toContain('go before or after the command: mvsp-setup --help lists them');
    }
  });

  it('every help line fits 80 columns, and a wrapped description keeps its column', () => {
    for (const name of [undefined, ...COMMAND_NAMES]) {
      const lines = helpText(name, '1.0.0').split('\n');
      for (const l of lines) expect([...l].length, `${name ?? 'top'}: ${l}`).toBeLessThanOrEqual(80);
    }
    const top = helpText(undefined, '1.0.0').split('\n');
    const force = top.findIndex((l) => l.startsWith('  --force '));
    const column = top[force]!.indexOf('replace');
    expect(top[force + 1]!.slice(0, column).trim()).toBe('');
    expect(top[force + 1]!.slice(column)).toMatch(/^\S/);
  });
});

describe('global options before or after the command', () => {
  it.each([
    [['--profile', 'p', 'verify'], 'verify'],
    [['verify', '--profile', 'p'], 'verify'],
    [['--profile=p', 'verify'], 'verify'],
    [['--demo', '--profile', 'p', 'onboard', '--user', 'bob'], 'onboard'],
  ])('%j reads the command and the profile', (argv, command) => {
    const r = parseArgs(argv);
    expect(r).toMatchObject({ command, explicitCommand: true });
    expect(r.flags.profile).toBe('p');
  });

  it('the same flags whichever side of the command they are on', () => {
    const before = parseArgs(['--profile', 'prod', '--region', 'eu-west-1', '--ci', 'offboard', 'bob', '--yes']);
    const after = parseArgs(['offboard', 'bob', '--profile', 'prod', '--region', 'eu-west-1', '--ci', '--yes']);
    expect(before).toEqual(after);
    expect(before.positionals).toEqual(['bob']);
  });

  it('an option value that spells a command is the value, not the command', () => {
    const r = parseArgs(['--profile', 'verify']);
    expect(r).toMatchObject({ command: 'setup', explicitCommand: false, flags: { profile: 'verify' } });
    expect(parseArgs(['--profile', 'verify', 'mfa']).command).toBe('mfa');
  });

  it('--help before the command shows that command', () => {
    expect(parseArgs(['--help', 'verify'])).toMatchObject({ command: 'verify', explicitCommand: true, flags: { help: true } });
  });

  it.each([
    [['--bogus', 'verify'], /unknown option '--bogus'/],
    [['--profle', 'p', 'verify'], /unknown option '--profle' — did you mean '--profile'/],
    [['--profile', 'p', 'verfy'], /unknown command 'verfy' — did you mean 'verify'/],
    [['--admin-user', 'alice', 'verify'], /belongs to 'mvsp-setup setup'/],
    [['--json', 'onboard'], /--json: 'onboard' prints no JSON document/],
    [['--yes', 'offboard', 'a', 'b'], /unexpected argument 'b'/],
    [['--profile'], /needs a value/],
  ])('%j is still a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('setup --org', () => {
  it('runs the organization steps only; day-one steps or answers with it are usage errors', () => {
    expect(parseArgs(['--org']).flags.org).toBe(true);
    expect(parseArgs(['setup', '--org', '--steps', 'lockaway,contacts']).flags.steps).toBe('lockaway,contacts');
    expect(() => parseArgs(['--org', '--steps', 'admin,lockaway'])).toThrow(/--org runs only the steps contacts, lockaway.*'admin' is for one account/);
    for (const flag of [['--admin-user', 'alice'], ['--answers', 'a.json'], ['--root-email', 'aws@acme.com'], ['--alias', 'acme'], ['--password-file', 'p']]) {
      expect(() => parseArgs(['--org', ...flag]), flag[0]).toThrow(UsageError);
    }
    // without --org the day-one steps and answers are as before
    expect(parseArgs(['--steps', 'admin', '--admin-user', 'alice']).flags['admin-user']).toBe('alice');
  });

  it('is in setup --help', () => {
    expect(helpText(undefined, '1.0.0')).toMatch(/--org\s+every member account of the AWS Organization/);
  });
});

