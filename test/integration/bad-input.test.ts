// Bad input of every kind — flags, answers files, typed input, environment, AWS state —
// against the built binary, with a counting proxy between it and moto. Each case must end
// with a message that fits one 80x24 screen, the documented exit code, no stack trace, and
// no AWS request that carries the invalid input (most make no request at all).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsCall, type AwsProxy, type FaultKind } from '../helpers/aws-proxy.js';
import { makeHome, runCli, STACK_TRACE, type Sandbox } from '../helpers/cli-run.js';
import { runInPty } from '../helpers/pty.js';
import { enforcedCaller } from '../helpers/iam-user.js';

useMoto();

type Group = 'flags' | 'answers' | 'typed' | 'environment' | 'aws-state';

interface Case {
  name: string;
  group: Group;
  args: string[];
  /** written to answers.json in the working directory (pass it with --answers answers.json) */
  answers?: string;
  env?: (home: Sandbox) => NodeJS.ProcessEnv;
  /** runs before the CLI starts (moto is reset before each case) */
  before?: () => Promise<NodeJS.ProcessEnv | void>;
  /** every AWS call fails this way */
  fault?: FaultKind;
  /** run in a pseudo-terminal of this size instead of with pipes */
  pty?: { cols: number; rows: number; keys?: string[] };
  code: number;
  message: RegExp;
  /** 'none': not one request; 'reads': only Get/List requests */
  requests: 'none' | 'reads';
  /** strings no request body may contain */
  neverSent?: string[];
}

const CONTACTS = {
  security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
  billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
  operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
};
const json = (v: unknown) => JSON.stringify(v);
const CI = ['--ci', '--yes'];

export const CASES: Case[] = [
  // ── flags ────────────────────────────────────────────────────────────────
  { name: 'unknown flag', group: 'flags', args: ['--demp'], code: 2, message: /unknown option '--demp' — did you mean '--demo'/, requests: 'none' },
  { name: 'unknown command', group: 'flags', args: ['verfy'], code: 2, message: /unknown command 'verfy' — did you mean 'verify'/, requests: 'none' },
  { name: 'unknown short option', group: 'flags', args: ['-x'], code: 2, message: /unknown option '-x'/, requests: 'none' },
  { name: 'flag of another command', group: 'flags', args: ['--user', 'bob'], code: 2, message: /'--user' belongs to 'mvsp-setup (mfa|onboard)'/, requests: 'none' },
  { name: 'value missing', group: 'flags', args: [...CI, '--admin-user'], code: 2, message: /'--admin-user' needs a value/, requests: 'none' },
  { name: 'empty value', group: 'flags', args: [...CI, '--admin-user='], code: 2, message: /'--admin-user' needs a value/, requests: 'none' },
  { name: 'value on a switch', group: 'flags', args: ['--yes=no'], code: 2, message: /'--yes' takes no value/, requests: 'none' },
  { name: 'unknown step', group: 'flags', args: [...CI, '--steps', 'admin,mfx'], code: 2, message: /unknown step 'mfx' in --steps — did you mean 'mfa'/, requests: 'none' },
  { name: 'empty step list', group: 'flags', args: [...CI, '--steps', ','], code: 2, message: /--steps needs at least one of/, requests: 'none' },
  { name: 'region typo', group: 'flags', args: [...CI, '--region', 'us-eats-1'], code: 2, message: /'us-eats-1' is not an AWS region name — did you mean 'us-east-1'/, requests: 'none' },
  { name: 'region in capitals', group: 'flags', args: ['verify', '--region', 'EU-WEST-1'], code: 2, message: /did you mean 'eu-west-1'/, requests: 'none' },
  { name: 'region that is a zone', group: 'flags', args: [...CI, '--region', 'us-east-1a'], code: 2, message: /not an AWS region name/, requests: 'none' },
  { name: 'offboard with two names', group: 'flags', args: ['offboard', 'bob', 'carol'], code: 2, message: /unexpected argument 'carol'/, requests: 'none' },
  { name: 'a stray word', group: 'flags', args: ['--demo', 'verify'], code: 2, message: /unexpected argument 'verify' — did you mean the command 'verify'/, requests: 'none' },

  // ── answers files ────────────────────────────────────────────────────────
  { name: 'answers: truncated JSON', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: '{"admin": {"userName": "alice"', code: 2, message: /answers\.json: not valid JSON/, requests: 'none' },
  { name: 'answers: empty file', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: '', code: 2, message: /answers\.json: not valid JSON/, requests: 'none' },
  { name: 'answers: trailing comma', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: '{"rootEmail": "aws@acme.com",}', code: 2, message: /not valid JSON/, requests: 'none' },
  { name: 'answers: no such file', group: 'answers', args: [...CI, '--answers', 'nope.json'], code: 2, message: /--answers nope\.json: no such file/, requests: 'none' },
  { name: 'answers: a directory', group: 'answers', args: [...CI, '--answers', '.'], code: 2, message: /--answers \.: cannot read it \(EISDIR\)/, requests: 'none' },
  { name: 'answers: an array', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: '[]', code: 2, message: /must be one JSON object, not an array/, requests: 'none' },
  { name: 'answers: unknown top-level key', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ rootEmial: 'aws@acme.com' }), code: 2, message: /unknown key "rootEmial"/, requests: 'none' },
  { name: 'answers: unknown nested key', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ contacts: { security: { mail: 'a@acme.com' } } }), code: 2, message: /unknown key "contacts\.security\.mail" \(allowed here: name, title, email, phone\)/, requests: 'none' },
  { name: 'answers: number for a name', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ admin: { userName: 42 } }), code: 2, message: /"admin\.userName" must be a string, not a number/, requests: 'none' },
  { name: 'answers: string for a list', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ rootHolders: 'Alice Doe' }), code: 2, message: /"rootHolders" must be an array of strings, not a string/, requests: 'none' },
  { name: 'answers: number in a list', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ rootHolders: ['Alice', 7] }), code: 2, message: /"rootHolders\[1\]" must be a string, not a number/, requests: 'none' },
  { name: 'answers: "yes" for a boolean', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ alert: { enabled: 'yes' } }), code: 2, message: /"alert\.enabled" must be true or false, not a string/, requests: 'none' },
  { name: 'answers: null for an object', group: 'answers', args: [...CI, '--answers', 'answers.json'], answers: json({ contacts: null }), code: 2, message: /"contacts" must be an object, not null/, requests: 'none' },

  // ── environment ──────────────────────────────────────────────────────────
  {
    name: 'a profile that does not exist',
    group: 'environment',
    args: [...CI, '--profile', 'nope'],
    code: 2,
    message: /AWS profile not found[\s\S]*no profile 'nope'/,
    requests: 'none',
  },
  {
    name: 'no credentials at all',
    group: 'environment',
    args: [...CI],
    env: () => ({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }),
    code: 2,
    message: /No AWS credentials found[\s\S]*CloudShell/,
    requests: 'none',
  },
  {
    // moto cannot expire a token: the proxy answers every call as STS does for an expired session
    name: 'expired session token',
    group: 'environment',
    args: [...CI],
    env: () => ({ AWS_SESSION_TOKEN: 'expired-session-token' }),
    fault: 'expired',
    code: 2,
    message: /Your AWS session has expired[\s\S]*Sign in again/,
    requests: 'reads',
  },
  {
    name: 'keys AWS does not know',
    group: 'environment',
    args: [...CI],
    before: async () => {
      await enforcedCaller('someone', {});
      return { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00', AWS_SECRET_ACCESS_KEY: 'x' };
    },
    code: 2,
    message: /credentials in use are invalid|No AWS credentials/,
    requests: 'reads',
  },
  {
    name: 'endpoint that does not answer',
    group: 'environment',
    args: [...CI],
    env: () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }),
    code: 2,
    message: /Could not reach AWS[\s\S]*Check the network connection/,
    requests: 'none',
  },
  { name: 'no terminal for the wizard', group: 'environment', args: [], code: 2, message: /needs an interactive terminal[\s\S]*--plain[\s\S]*--ci/, requests: 'none' },
  {
    name: 'terminal 40x12',
    group: 'environment',
    args: ['--demo'],
    pty: { cols: 40, rows: 12 },
    code: 2,
    message: /this terminal is 40x12; the wizard needs at least 60x20/,
    requests: 'none',
  },
  {
    name: 'terminal 80x12',
    group: 'environment',
    args: [],
    pty: { cols: 80, rows: 12 },
    code: 2,
    message: /this terminal is 80x12/,
    requests: 'none',
  },
];

/** Lines a terminal of 80 columns needs to show `text`. */
function screenLines(text: string): number {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / 80)), 0);
}

const READ = /^(Get|List|Describe)/;

describe('bad input', () => {
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
    proxy.setFault(null);
    home = makeHome(proxy.url);
    return () => home.remove();
  });

  it('has at least 40 cases across flags, answers files, typed input, environment and AWS state', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.group))).toEqual(new Set(['flags', 'answers', 'typed', 'environment', 'aws-state']));
  });

  it.each(CASES.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const extra = (await c.before?.()) ?? {};
    const env = { ...home.env, ...extra, ...c.env?.(home) };
    if (c.answers !== undefined) writeFileSync(join(home.cwd, 'answers.json'), c.answers);
    if (c.fault) proxy.setFault(() => c.fault!);
    let code: number | null;
    let output: string;
    if (c.pty) {
      mkdirSync(home.cwd, { recursive: true });
      const p = runInPty(c.args, { cols: c.pty.cols, rows: c.pty.rows, env, cwd: home.cwd });
      code = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 20_000))]);
      if (code === -1) p.kill();
      output = p.text();
    } else {
      const r = await runCli(c.args, { env, cwd: home.cwd, timeoutMs: 30_000 });
      code = r.code;
      output = r.stdout + r.stderr;
    }
    const calls: AwsCall[] = proxy.calls();
    expect({ code, output }).toMatchObject({ code: c.code, output: expect.stringMatching(c.message) });
    expect(output).not.toMatch(STACK_TRACE);
    expect(output).not.toMatch(/unexpected error/i);
    expect(screenLines(output)).toBeLessThanOrEqual(24);
    if (c.requests === 'none') expect(calls.map((k) => k.id)).toEqual([]);
    else expect(calls.filter((k) => !READ.test(k.action)).map((k) => k.id)).toEqual([]);
    for (const s of c.neverSent ?? []) {
      const enc = encodeURIComponent(s);
      expect(calls.filter((k) => k.body.includes(s) || k.body.includes(enc)).map((k) => k.id)).toEqual([]);
    }
  });
});
