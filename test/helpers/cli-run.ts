// Run the built binary as a separate process in a throw-away home: its own HOME, XDG
// directories, AWS config files and working directory, so nothing it writes can land
// outside `root`, and nothing on this machine (profiles, caches) can leak in.
// Asynchronous on purpose: a loopback proxy in this process must keep answering.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './pty.js';

export interface Sandbox {
  root: string;
  home: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  remove: () => void;
}

/** A temporary HOME, XDG dirs and working directory, and an env that points only there. */
export function makeHome(endpoint: string | undefined, extra: NodeJS.ProcessEnv = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'mvsp-safety-'));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  const dirs = { config: join(home, '.config'), data: join(home, '.local/share'), cache: join(home, '.cache'), state: join(home, '.local/state') };
  for (const d of [home, cwd, ...Object.values(dirs)]) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    TMPDIR: join(root, 'tmp'),
    AWS_CONFIG_FILE: join(home, '.aws/config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    ...extra,
  };
  mkdirSync(env.TMPDIR!, { recursive: true });
  return { root, home, cwd, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number }): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mvsp-setup ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Every regular file under `dir` with its mode, recursively (bounded). */
export function listFiles(dir: string, limit = 10_000): { path: string; mode: number; size: number }[] {
  const out: { path: string; mode: number; size: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (out.length >= limit) return;
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.isFile()) out.push({ path: p, mode: s.mode & 0o777, size: s.size });
    }
  };
  walk(dir);
  return out;
}

export function readAll(files: { path: string }[]): { path: string; text: string }[] {
  return files.map((f) => ({ path: f.path, text: readFileSync(f.path).toString('latin1') }));
}

/** A stack trace line as Node prints them. */
export const STACK_TRACE = /\n\s+at .+[:(]\d+/;
