// Bad input of every kind — flags, answers files, typed input, environment, AWS state —
// against the built binary, with a counting proxy between it and moto. Each case must end
// with a message that fits one 80x24 screen, the documented exit code, no stack trace, and
// no AWS request that carries the invalid input (most make no request at all).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, resetAuth, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsCall, type AwsProxy, type FaultKind } from '../helpers/aws-proxy.js';
import { makeHome, runCli, STACK_TRACE, type Sandbox } from '../helpers/cli-run.js';
import { runInPty } from '../helpers/pty.js';
import { enforcedCaller } from '../helpers/iam-user.js';

useMoto();

/** wait for text on the screen, or send keys */
type PtyStep = { wait: string | RegExp } | { send: string } | { settle: number };

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
  pty?: { cols: number; rows: number; script?: PtyStep[] };
  code: number;
  message: RegExp;
  /** 'none': not one request; 'reads': only Get/List requests; 'any': the input was fine, the account is not */
  requests: 'none' | 'reads' | 'any';
  /** checked after the run, against moto */
  after?: () => Promise<void>;
  /** strings no request body may contain */
  neverSent?: string[];
}

const CONTACTS = {
  security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
  billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
  operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
};
const json = (v: unknown) => JSON.stringify(v);
const LONG_NAME = 'a'.repeat(65);

/** In the wizard: welcome → admin user name (→ alias), typing `name` and `alias`. */
function typeIntoAdmin(name: string, alias?: string): PtyStep[] {
  const steps: PtyStep[] = [{ wait: 'Enter start' }, { send: '\r' }, { wait: 'User name of the first IAM admin:' }, { send: name }, { wait: name.slice(-12) }, { send: '\r' }, { settle: 150 }];
  if (alias !== undefined) steps.push({ wait: 'Account alias for the sign-in URL' }, { send: alias }, { wait: `none): ${alias}` }, { send: '\r' }, { settle: 150 });
  return steps;
}

const CAN_READ_NOT_WRITE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:Get*', 'iam:List*'], Resource: '*' }],
};

async function listUserNames(): Promise<string[]> {
  const { IAMClient, ListUsersCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const out = await iam.send(new ListUsersCommand({}));
  iam.destroy();
  return (out.Users ?? []).map((u) => u.UserName ?? '');
}
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
  { name: 'a stray word', group: 'flags', args: ['--demo', 'verify', 'now'], code: 2, message: /unexpected argument 'now'/, requests: 'none' },
  { name: 'a valued option given twice', group: 'flags', args: ['verify', '--ci', '--alert-email', 'sec@acme.com', '--alert-email', 'attacker@evil.example'], code: 2, message: /option '--alert-email' is given twice \('sec@acme\.com' and 'attacker@evil\.example'\); give it once/, requests: 'none' },
  { name: 'alert email that is not an address', group: 'flags', args: ['verify', '--ci', '--alert-email', 'sec@acme'], code: 2, message: /--alert-email 'sec@acme' is not an email address/, requests: 'none' },
  { name: 'option typo before the command', group: 'flags', args: ['--profle', 'p', 'verify'], code: 2, message: /unknown option '--profle' — did you mean '--profile'/, requests: 'none' },

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

  {
    name: 'answers: the admin step without a user name',
    group: 'answers',
    args: [...CI, '--steps', 'admin'],
    code: 2,
    message: /--admin-user[\s\S]*admin\.userName/,
    requests: 'reads',
  },

  // ── emails and phone numbers ─────────────────────────────────────────────
  { name: 'root email that is not an address', group: 'answers', args: [...CI, '--steps', 'root-email', '--answers', 'answers.json'], answers: json({ rootEmail: 'not-an-email' }), code: 2, message: /"rootEmail" "not-an-email": No @ in it/, requests: 'reads' },
  // a root email only a person can change in the console: advice and a to-do, not an error
  { name: 'root email on free mail', group: 'flags', args: [...CI, '--steps', 'root-email', '--root-email', 'alice@gmail.com'], code: 0, message: /gmail\.com is a free-mail provider[\s\S]*fix:[\s\S]*root-email: pending/, requests: 'reads' },
  { name: 'contact email without a domain', group: 'answers', args: [...CI, '--steps', 'contacts', '--answers', 'answers.json'], answers: json({ contacts: { ...CONTACTS, security: { ...CONTACTS.security, email: 'security@acme' } } }), code: 2, message: /"contacts\.security\.email": The domain "acme" has no top-level domain: did you mean acme\.com\?/, requests: 'reads', neverSent: ['security@acme&', 'security%40acme%22'] },
  { name: 'phone number too short', group: 'answers', args: [...CI, '--steps', 'contacts', '--answers', 'answers.json'], answers: json({ contacts: { ...CONTACTS, billing: { ...CONTACTS.billing, phone: '+1415555' } } }), code: 2, message: /"contacts\.billing\.phone": \+1415555 is not a valid phone number/, requests: 'reads', neverSent: ['+1415555', '%2B1415555'] },
  { name: 'phone number with letters', group: 'answers', args: [...CI, '--steps', 'contacts', '--answers', 'answers.json'], answers: json({ contacts: { ...CONTACTS, operations: { ...CONTACTS.operations, phone: 'call me' } } }), code: 2, message: /"contacts\.operations\.phone": Start with \+ and the country code/, requests: 'reads', neverSent: ['call me'] },

  // ── names and aliases IAM refuses, from flags and answers files ──────────
  { name: 'user name with a space and "!"', group: 'flags', args: [...CI, '--steps', 'admin', '--admin-user', 'bad name!'], code: 2, message: /"admin\.userName" "bad name!": A space is not allowed/, requests: 'reads', neverSent: ['bad name!'] },
  { name: 'user name with a slash', group: 'flags', args: [...CI, '--steps', 'admin', '--admin-user', 'ops/alice'], code: 2, message: /"\/" is not allowed/, requests: 'reads', neverSent: ['ops/alice'] },
  { name: 'user name with an accent', group: 'answers', args: [...CI, '--steps', 'admin', '--answers', 'answers.json'], answers: json({ admin: { userName: 'zoé' } }), code: 2, message: /"é" is not allowed/, requests: 'reads', neverSent: ['zo%C3%A9', 'zoé'] },
  { name: 'user name of 65 characters', group: 'answers', args: [...CI, '--steps', 'admin', '--answers', 'answers.json'], answers: json({ admin: { userName: LONG_NAME } }), code: 2, message: /At most 64 characters \(this is 65\)/, requests: 'reads', neverSent: [LONG_NAME] },
  { name: 'alias in capitals', group: 'flags', args: [...CI, '--steps', 'admin', '--admin-user', 'alice', '--alias', 'Acme-Prod'], code: 2, message: /Lowercase only: try "acme-prod"/, requests: 'reads', neverSent: ['Acme-Prod', 'alice'] },
  { name: 'alias with a leading hyphen', group: 'flags', args: [...CI, '--steps', 'admin', '--admin-user', 'alice', '--alias=-acme'], code: 2, message: /Cannot start or end with a hyphen/, requests: 'reads', neverSent: ['-acme'] },
  { name: 'alias with two hyphens', group: 'answers', args: [...CI, '--steps', 'admin', '--answers', 'answers.json'], answers: json({ admin: { userName: 'alice', accountAlias: 'acme--prod' } }), code: 2, message: /No two hyphens in a row/, requests: 'reads', neverSent: ['acme--prod'] },
  { name: 'alias of two letters', group: 'answers', args: [...CI, '--steps', 'admin', '--answers', 'answers.json'], answers: json({ admin: { userName: 'alice', accountAlias: 'ab' } }), code: 2, message: /At least 3 characters/, requests: 'reads' },
  { name: 'alias that is an account id', group: 'answers', args: [...CI, '--steps', 'admin', '--answers', 'answers.json'], answers: json({ admin: { userName: 'alice', accountAlias: '123456789012' } }), code: 2, message: /looks like an account id/, requests: 'reads' },
  { name: 'alias with an underscore', group: 'flags', args: [...CI, '--steps', 'admin', '--admin-user', 'alice', '--alias', 'acme_prod'], code: 2, message: /Only lowercase letters, digits and hyphens/, requests: 'reads', neverSent: ['acme_prod'] },

  // ── typed into the wizard (a real terminal; Ctrl-C leaves after the message) ──
  ...(
    [
      ['a space in the user name', typeIntoAdmin('bad name'), /A space is not allowed/, 'bad name'],
      ['a user name of 65 characters', typeIntoAdmin(LONG_NAME), /At most 64 characters/, LONG_NAME],
      ['a slash in the user name', typeIntoAdmin('ops/alice'), /"\/" is not allowed/, 'ops/alice'],
      ['an alias in capitals', typeIntoAdmin('alice', 'Acme-Prod'), /Lowercase only: try "acme-prod"/, 'Acme-Prod'],
      ['an alias ending in a hyphen', typeIntoAdmin('alice', 'acme-'), /Cannot start or end with a hyphen/, 'acme-'],
    ] as const
  ).map(
    ([name, script, message, typed]): Case => ({
      name,
      group: 'typed',
      args: ['--steps', 'admin'],
      pty: { cols: 80, rows: 24, script: [...script, { wait: message }, { send: '\u0003' }] },
      code: 130,
      message,
      requests: 'reads',
      neverSent: [typed],
    }),
  ),

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

  // ── AWS state ────────────────────────────────────────────────────────────
  {
    name: 'a caller who can read but not write',
    group: 'aws-state',
    args: [...CI, '--steps', 'admin', '--admin-user', 'alice'],
    before: () => enforcedCaller('reader', { inline: CAN_READ_NOT_WRITE }),
    code: 2,
    message: /Access denied: iam:Create[A-Za-z]+/,
    requests: 'any',
    after: async () => {
      await resetAuth(Infinity);
      expect(await listUserNames()).toEqual(['reader']);
    },
  },
  {
    name: 'a caller who cannot even read IAM',
    group: 'aws-state',
    args: [...CI, '--steps', 'admin', '--admin-user', 'alice'],
    before: () => enforcedCaller('nobody', { inline: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] } }),
    code: 2,
    message: /Access denied: iam:(Get|List)[A-Za-z]+/,
    requests: 'reads',
    after: async () => {
      await resetAuth(Infinity);
      expect(await listUserNames()).toEqual(['nobody']);
    },
  },
];

/**
 * The cases the default suite runs: the first of each kind (group, pipes or a terminal,
 * the requests it may make, an injected fault, AWS state set up before or checked after).
 * The chaos suite (`npm run test:chaos` sets MVSP_TESTS_EXHAUSTIVE=1) runs every case.
 */
const kindOf = (c: Case) => [c.group, c.pty ? 'pty' : 'pipes', c.requests, c.fault ?? '', c.before ? 'before' : '', c.after ? 'after' : ''].join('/');
export const REPRESENTATIVE: Case[] = CASES.filter((c, i) => CASES.findIndex((d) => kindOf(d) === kindOf(c)) === i);
const RUN = process.env.MVSP_TESTS_EXHAUSTIVE === '1' ? CASES : REPRESENTATIVE;

/** Ink drops a key that arrives while it re-renders after the previous one: wait until the screen is quiet. */
async function settle(p: { raw: () => string }, quietMs: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = p.raw();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 20));
    if (p.raw() !== last) {
      last = p.raw();
      since = Date.now();
    }
  }
}

/** From the first line that reports a problem: a plan printed before it was shown by design. */
function messagePart(output: string): string {
  const lines = output.split('\n');
  const first = lines.findIndex((l) => /✖|^mvsp-setup:/.test(l));
  return lines.slice(Math.max(0, first)).join('\n');
}

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
    expect(new Set(REPRESENTATIVE.map((c) => c.group))).toEqual(new Set(CASES.map((c) => c.group)));
  });

  it.each(RUN.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const extra = (await c.before?.()) ?? {};
    const env = { ...home.env, ...extra, ...c.env?.(home) };
    if (c.answers !== undefined) writeFileSync(join(home.cwd, 'answers.json'), c.answers);
    if (c.fault) proxy.setFault(() => c.fault!);
    let code: number | null;
    let output: string;
    if (c.pty) {
      mkdirSync(home.cwd, { recursive: true });
      const p = runInPty(c.args, { cols: c.pty.cols, rows: c.pty.rows, env, cwd: home.cwd });
      for (const step of c.pty.script ?? []) {
        if ('wait' in step) await p.waitFor(step.wait, 15_000);
        else if ('send' in step) p.write(step.send);
        else await settle(p, step.settle);
      }
      code = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 20_000))]);
      if (code === -1) p.kill();
      output = p.text();
    } else {
      const r = await runCli(c.args, { env, cwd: home.cwd, timeoutMs: 30_000 });
      code = r.code;
      output = r.stdout + r.stderr;
    }
    const calls: AwsCall[] = proxy.calls();
    if (process.env.MVSP_SHOW_OUTPUT) console.log(output);
    expect({ code, output }).toMatchObject({ code: c.code, output: expect.stringMatching(c.message) });
    expect(output).not.toMatch(STACK_TRACE);
    expect(output).not.toMatch(/unexpected error/i);
    // a pseudo-terminal shows at most its own size; piped output must fit one 80x24 screen
    if (!c.pty) expect(screenLines(messagePart(output))).toBeLessThanOrEqual(24);
    if (c.requests === 'none') expect(calls.map((k) => k.id)).toEqual([]);
    else if (c.requests === 'reads') expect(calls.filter((k) => !READ.test(k.action)).map((k) => k.id)).toEqual([]);
    for (const s of c.neverSent ?? []) {
      const enc = encodeURIComponent(s);
      expect(calls.filter((k) => k.body.includes(s) || k.body.includes(enc)).map((k) => k.id)).toEqual([]);
    }
    await c.after?.();
  });
});
