// Makes sure .venv at the repo root holds the pinned moto before any test starts.
// Several test runs may start at once on one machine, so the install holds a lock.
// Then gives the workers a directory where each registers the moto server it starts
// (moto.ts), and stops those servers when the run ends.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const MOTO_VERSION = '5.2.5';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENV = `${ROOT}.venv`;
const PYTHON = `${VENV}/bin/python`;
const LOCK = `${ROOT}.venv.lock`;

function installedVersion(): string | null {
  if (!existsSync(`${VENV}/bin/moto_server`)) return null;
  const r = spawnSync(PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("moto"))'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findPython(): string {
  for (const candidate of ['python3', 'python']) {
    const r = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info >= (3, 9))'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === 'True') return candidate;
  }
  throw new Error(
    'The integration tests need Python 3.9 or newer with the venv module, to run the moto AWS emulator. ' +
      'Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) and run the tests again.',
  );
}

async function withLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than ten minutes belongs to a run that died.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 10 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${LOCK}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Stop every server the workers registered in `dir` (pool-N.json), then remove `dir`. */
function stopServers(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/^pool-\d+\.json$/.test(name)) continue;
    try {
      const { pid } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export default async function setup(project: TestProject): Promise<() => void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  await install();
  const dir = mkdtempSync(join(tmpdir(), 'mvsp-moto-'));
  project.provide('mvspMotoDir', dir);
  project.provide('mvspMotoOwnerPid', process.pid);
  return () => stopServers(dir);
}

async function install(): Promise<void> {
  if (installedVersion() === MOTO_VERSION) return;
  await withLock(() => {
    if (installedVersion() === MOTO_VERSION) return;
    const python = findPython();
    if (!existsSync(PYTHON)) execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`], {
      stdio: 'inherit',
    });
    const got = installedVersion();
    if (got !== MOTO_VERSION) throw new Error(`Installed moto ${got ?? 'nothing'} into ${VENV}, expected ${MOTO_VERSION}`);
  });
}
