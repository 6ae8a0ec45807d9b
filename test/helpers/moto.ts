// One moto server per test file: vitest runs files in parallel worker processes, and a
// shared server would let one file's reset wipe another's state mid-test.
//
// IAM enforcement: moto checks signatures and IAM policies only after
// INITIAL_NO_AUTH_ACTION_COUNT requests (POST /moto-api/reset-auth with the number as
// body). Then only access keys that moto itself issued are valid, and each call is
// checked against the owning user's policies: a denied call answers 403 AccessDenied with
// "User: arn:aws:iam::123456789012:user/NAME is not authorized to perform: iam:ListUsers".
// So a test calls resetAuth(n) where n counts its own set-up calls (create user, attach a
// policy, create a key), then switches AWS_ACCESS_KEY_ID/SECRET to the new key.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';

const MOTO_PYTHON = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));
// moto_server, with CloudTrail calls authorised against the trail they name (see the file)
const MOTO_SERVER = fileURLToPath(new URL('./moto-server.py', import.meta.url));

export const MOTO_ACCOUNT_ID = '123456789012';

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
] as const;

let url: string | undefined;

/** The base URL of this file's moto server (only inside a describe that called useMoto). */
export function motoUrl(): string {
  if (!url) throw new Error('useMoto() has not started a server in this file');
  return url;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function post(path: string, body = ''): Promise<void> {
  const r = await fetch(`${motoUrl()}${path}`, { method: 'POST', body });
  if (!r.ok) throw new Error(`moto ${path} answered ${r.status}`);
}

/** Wipe every service's state. */
export function resetMoto(): Promise<void> {
  return post('/moto-api/reset');
}

/** Enforce IAM after the next `initialNoAuthActionCount` requests; Infinity turns it off. */
export function resetAuth(initialNoAuthActionCount: number): Promise<void> {
  return post('/moto-api/reset-auth', Number.isFinite(initialNoAuthActionCount) ? String(initialNoAuthActionCount) : 'inf');
}

async function start(): Promise<{ child: ChildProcess; url: string }> {
  let lastError = '';
  // The free port can be taken between probing and binding; try another one then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(MOTO_PYTHON, [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`${base}/moto-api/`);
        if (r.ok) return { child, url: base };
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    lastError = exited ? `moto_server exited: ${stderr}` : `moto_server did not answer on ${base} within 30 s: ${stderr}`;
  }
  throw new Error(lastError);
}

/** Call at the top of an integration test file (or describe). */
export function useMoto(): void {
  let child: ChildProcess | undefined;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    for (const k of ENV_KEYS) saved.set(k, process.env[k]);
    const started = await start();
    child = started.child;
    url = started.url;
    process.env.AWS_ENDPOINT_URL = url;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
  }, 60_000);

  beforeEach(async () => {
    // Credentials a previous test switched to (resetAuth flows) must not leak into the next.
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    await resetAuth(Infinity);
    await resetMoto();
  });

  afterAll(() => {
    child?.kill('SIGTERM');
    child = undefined;
    url = undefined;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
