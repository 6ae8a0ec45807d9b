// A credential source that fails is named, with its own message and the next step, in the
// `--ci` lines and on the Ink credentials screen: the built binary, run against each case
// in a throw-away HOME (its ~/.aws files, a credential_process script) and fake endpoints
// on loopback (a CloudShell container credentials endpoint answering HTTP 500, an instance
// metadata endpoint that never answers, an STS that refuses AssumeRole).
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, runCli, STACK_TRACE, type Sandbox } from '../helpers/cli-run.js';
import { runInPty } from '../helpers/pty.js';

/** A loopback HTTP server answering with `handler`; counts the requests it got. */
async function fakeEndpoint(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Endpoint = Awaited<ReturnType<typeof fakeEndpoint>>;

/** Nothing listens there: a request that got this far would fail as a network error. */
const NO_AWS = 'http://127.0.0.1:9';

/** env with no credentials of its own: each case adds the one source it tries */
const NO_CREDENTIALS: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_EXECUTION_ENV: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: NO_AWS,
};

interface Case {
  name: string;
  /** writes the case's files into the sandbox; returns its env and arguments */
  arrange: (s: Sandbox) => { env?: NodeJS.ProcessEnv; args?: string[] };
  /** the source named, its own message, the next step */
  source: string;
  message: string | RegExp;
  next: RegExp;
  /** a fake endpoint the source must really have asked */
  asked?: () => Endpoint;
}

let cloudShell: Endpoint;
let imds: Endpoint;
let sts: Endpoint;

beforeAll(async () => {
  cloudShell = await fakeEndpoint((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"code":"InternalError","message":"credentials unavailable"}');
  });
  // accepts and never answers, as an unreachable 169.254.169.254 does on a laptop
  imds = await fakeEndpoint(() => {});
  // STS's own error for a role the caller may not assume (or that does not exist)
  sts = await fakeEndpoint((_req, res) => {
    res.writeHead(403, { 'content-type': 'text/xml' });
    res.end(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
        '<Message>User: arn:aws:iam::111122223333:user/base is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Missing</Message>' +
        '</Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>',
    );
  });
});

afterAll(async () => {
  await Promise.all([cloudShell?.close(), imds?.close(), sts?.close()]);
});

function awsFile(s: Sandbox, name: 'config' | 'credentials', text: string) {
  mkdirSync(join(s.home, '.aws'), { recursive: true });
  writeFileSync(join(s.home, '.aws', name), text);
}

const CASES: Case[] = [
  {
    name: 'a credential_process that exits 1',
    arrange: (s) => {
      const helper = join(s.root, 'login-helper.sh');
      writeFileSync(helper, '#!/bin/sh\necho "token expired, run login" >&2\nexit 1\n');
      chmodSync(helper, 0o755);
      awsFile(s, 'config', `[profile proc]\ncredential_process = ${helper}\n`);
      return { args: ['--profile', 'proc'] };
    },
    source: 'profile proc (credential_process)',
    message: 'credential_process failed: token expired, run login',
    next: /Do what the credential_process says/,
  },
  {
    name: 'CloudShell whose credential endpoint answers HTTP 500',
    arrange: () => ({
      env: {
        AWS_EXECUTION_ENV: 'CloudShell',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${cloudShell.url}/latest/meta-data/container/security-credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'cloudshell-token',
      },
    }),
    source: 'CloudShell credential endpoint',
    message: 'answered HTTP 500',
    next: /Restart the CloudShell session/,
    asked: () => cloudShell,
  },
  {
    name: 'an sso-session whose token file cannot be read',
    arrange: (s) => {
      awsFile(
        s,
        'config',
        '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n' +
          '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
      );
      // a folder where the token file should be: unreadable as a file, whoever runs the test
      const cache = join(s.home, '.aws', 'sso', 'cache');
      mkdirSync(join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), { recursive: true });
      return { args: ['--profile', 'dev'] };
    },
    source: 'profile dev (SSO)',
    message: /SSO session token associated with profile=dev was not found or is invalid/,
    next: /aws sso login --profile dev/,
  },
  {
    name: 'a source_profile chain whose source profile is missing',
    arrange: (s) => {
      awsFile(s, 'config', '[profile chain]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = base\n');
      return { args: ['--profile', 'chain'] };
    },
    source: 'profile chain (role_arn with source_profile)',
    message: /Could not resolve credentials using profile: \[base\]/,
    next: /Check role_arn and source_profile in \[profile chain\]/,
  },
  {
    name: 'a source_profile chain whose role STS refuses',
    arrange: (s) => {
      awsFile(s, 'config', '[profile chain]\nrole_arn = arn:aws:iam::111122223333:role/Missing\nsource_profile = base\n');
      awsFile(s, 'credentials', '[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
      return { args: ['--profile', 'chain'], env: { AWS_ENDPOINT_URL: sts.url } };
    },
    source: 'profile chain (role_arn with source_profile)',
    message: /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/Missing/,
    next: /the role must exist and trust it/,
    asked: () => sts,
  },
  {
    name: 'AWS_PROFILE naming a profile in neither file',
    arrange: (s) => {
      awsFile(s, 'config', '[profile other]\nregion = us-east-1\n');
      return { env: { AWS_PROFILE: 'nope' } };
    },
    source: 'profile nope (from AWS_PROFILE)',
    message: /There is no profile 'nope' in \S+ or \S+ Profiles there: other\./,
    next: /unset AWS_PROFILE/,
  },
  {
    name: 'AWS_ACCESS_KEY_ID without its secret',
    arrange: () => ({ env: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } }),
    source: 'environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
    message: 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not',
    next: /Set AWS_SECRET_ACCESS_KEY too/,
  },
  {
    name: 'nothing configured on a laptop, instance metadata timing out',
    arrange: () => ({ env: { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url } }),
    source: 'EC2 instance metadata (IMDS)',
    message: /TimeoutError/,
    next: /CloudShell/,
    asked: () => imds,
  },
];

/** the words on screen or in the lines, line wraps and indentation folded into single spaces */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function expectNamed(text: string, c: Case) {
  const words = flat(text);
  expect(words).toContain(c.source);
  if (typeof c.message === 'string') expect(words).toContain(c.message);
  else expect(words).toMatch(c.message);
  expect(words).toMatch(c.next);
  expect(text).not.toMatch(STACK_TRACE);
}

describe.each(CASES)('$name', (c) => {
  function sandbox() {
    const s = makeHome(NO_AWS);
    const arranged = c.arrange(s);
    const env = { ...s.env, ...NO_CREDENTIALS, ...arranged.env };
    return { s, env, args: arranged.args ?? [] };
  }

  it('verify --ci names the source and its message, then the next step; exit 2', async () => {
    const { s, env, args } = sandbox();
    const before = c.asked?.().requests.length ?? 0;
    try {
      const r = await runCli(['verify', '--ci', ...args], { env, cwd: s.cwd, timeoutMs: 30_000 });
      expect(r.stdout).toBe('');
      expectNamed(r.stderr, c);
      expect(r.code).toBe(2);
      if (c.asked) expect(c.asked().requests.length).toBeGreaterThan(before);
    } finally {
      s.remove();
    }
  });

  it('the Ink credentials screen names them too; exit 2', async () => {
    const { s, env, args } = sandbox();
    try {
      const p = runInPty(args, { env, cwd: s.cwd, cols: 80, rows: 24 });
      const code = await p.exited;
      expectNamed(p.text(), c);
      expect(code).toBe(2);
    } finally {
      s.remove();
    }
  });
});

describe('a credential_process writing terminal escapes', () => {
  it('reaches neither output as escapes: control characters become U+FFFD', async () => {
    const s = makeHome(NO_AWS);
    try {
      const helper = join(s.root, 'evil.sh');
      // OSC 52 would write the clipboard; the text around it still reaches the person
      writeFileSync(helper, '#!/bin/sh\nprintf "\\033]52;c;ZXZpbA==\\007 please sign in" >&2\nexit 1\n');
      chmodSync(helper, 0o755);
      awsFile(s, 'config', `[profile evil]\ncredential_process = ${helper}\n`);
      const env = { ...s.env, ...NO_CREDENTIALS };
      const r = await runCli(['verify', '--ci', '--profile', 'evil'], { env, cwd: s.cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('credential_process failed: \ufffd]52;c;ZXZpbA==\ufffd please sign in');
      expect(r.stderr).not.toContain('\u001b');
      const p = runInPty(['--profile', 'evil'], { env, cwd: s.cwd });
      expect(await p.exited).toBe(2);
      expect(p.text()).toContain('please sign in');
      expect(p.raw()).not.toContain('\u001b]52');
    } finally {
      s.remove();
    }
  });
});
