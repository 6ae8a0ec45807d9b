// One moto server per vitest worker, kept from file to file and wiped before every test.
// vitest runs files in parallel worker processes; VITEST_POOL_ID (1..maxWorkers) tells
// them apart, and no two files run at once under the same id. So the server of pool id
// N is used by one file at a time, and a reset cannot wipe another file's state mid-test.
// A server outlives the worker process that started it (vitest starts a new one for
// every file); the global setup (moto-global-setup.ts) stops them when the run ends, and
// each stops on its own once the run's main process is gone.
//
// AWS managed policies: the server (moto-server.py) creates each one when a call first
// names it, so a reset costs milliseconds instead of rebuilding all ~1,600 of them.
//
// IAM enforcement: moto checks signatures and IAM policies only after
// INITIAL_NO_AUTH_ACTION_COUNT requests (POST /moto-api/reset-auth with the number as
// body). Then only access keys that moto itself issued are valid, and each call is
// checked against the owning user's policies: a denied call answers 403 AccessDenied with
// "User: arn:aws:iam::123456789012:user/NAME is not authorized to perform: iam:ListUsers".
// So a test calls resetAuth(n) where n counts its own set-up calls (create user, attach a
// policy, create a key), then switches AWS_ACCESS_KEY_ID/SECRET to the new key.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';

/** How long a new server may take to answer (a ceiling; within the config's hookTimeout). */
const MOTO_START_CEILING_MS = 150_000;
const PYTHON = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));
const MOTO_SERVER = fileURLToPath(new URL('./moto-server.py', import.meta.url));

export const MOTO_ACCOUNT_ID = '123456789012';

declare module 'vitest' {
  export interface ProvidedContext {
    /** directory of this run's per-worker moto servers (pool-N.json: { url, pid }, logs) */
    mvspMotoDir: string;
    /** pid of the vitest main process: the servers stop when it is gone */
    mvspMotoOwnerPid: number;
  }
}

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

async function answers(base: string): Promise<boolean> {
  try {
    const r = await fetch(`${base}/moto-api/`);
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

/** Wait until `base` answers, the process exits or 60 s pass (a ceiling: moto starts in about a second). */
async function ready(child: ChildProcess, base: string): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = child.exitCode !== null;
  const onExit = () => {
    exited = true;
  };
  child.once('exit', onExit);
  try {
    // a ceiling: moto imports boto3 and botocore first, which on a busy machine takes a while
    const deadline = Date.now() + MOTO_START_CEILING_MS;
    while (!exited && Date.now() < deadline) {
      if (await answers(base)) return 'ready';
      if (!exited) await new Promise((r) => setTimeout(r, 50));
    }
    return exited ? 'exited' : 'timeout';
  } finally {
    child.off('exit', onExit);
  }
}

/**
 * Start a server. `logFile`: its output goes there (a file, not a pipe, so the server
 * can outlive this process). `ownerPid`: the server stops once that process is gone.
 */
async function start(logFile: string, ownerPid: number | undefined): Promise<{ child: ChildProcess; url: string }> {
  let lastError = '';
  // The free port can be taken between probing and binding; try another one then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const log = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(PYTHON, [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
        env: { ...process.env, ...(ownerPid ? { MVSP_MOTO_OWNER_PID: String(ownerPid) } : {}) },
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log);
    }
    const base = `http://127.0.0.1:${port}`;
    const state = await ready(child, base);
    if (state === 'ready') return { child, url: base };
    child.kill('SIGKILL');
    const tail = readFileSync(logFile, 'utf8').slice(-4000);
    lastError = state === 'exited' ? `moto server exited: ${tail}` : `moto server did not answer on ${base} within ${MOTO_START_CEILING_MS / 1000} s: ${tail}`;
  }
  throw new Error(lastError);
}

interface Registered {
  url: string;
  pid: number;
}

/** This worker's server: the one a previous file of this worker started, or a new one. */
async function workerServer(dir: string, ownerPid: number): Promise<string> {
  const pool = process.env.VITEST_POOL_ID ?? '1';
  const entry = join(dir, `pool-${pool}.json`);
  let known: Registered | undefined;
  try {
    known = JSON.parse(readFileSync(entry, 'utf8')) as Registered;
  } catch {
    known = undefined;
  }
  if (known && (await answers(known.url))) return known.url;
  if (known) {
    try {
      process.kill(known.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  const started = await start(join(dir, `pool-${pool}.log`), ownerPid);
  started.child.unref();
  if (started.child.pid === undefined) throw new Error('moto server started without a pid');
  const tmp = `${entry}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ url: started.url, pid: started.child.pid } satisfies Registered), { flag: 'wx' });
  renameSync(tmp, entry);
  return started.url;
}

/** Call at the top of an integration test file (or describe). */
export function useMoto(): void {
  let own: ChildProcess | undefined;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    for (const k of ENV_KEYS) saved.set(k, process.env[k]);
    const dir = inject('mvspMotoDir');
    if (dir) {
      url = await workerServer(dir, inject('mvspMotoOwnerPid'));
    } else {
      // a config without the global setup: a server for this file alone
      const started = await start(join(mkdtempSync(join(tmpdir(), 'mvsp-moto-')), 'moto.log'), process.pid);
      own = started.child;
      url = started.url;
    }
    process.env.AWS_ENDPOINT_URL = url;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    // what the previous file left on this worker's server is gone before this file's own set-up
    await resetAuth(Infinity);
    await resetMoto();
  });

  beforeEach(async () => {
    // Credentials a previous test switched to (resetAuth flows) must not leak into the next.
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    await resetAuth(Infinity);
    await resetMoto();
  });

  afterAll(() => {
    own?.kill('SIGTERM');
    own = undefined;
    url = undefined;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
