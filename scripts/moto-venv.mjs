// The moto AWS emulator the tests and the benchmark run against: the pinned version in
// .venv at the repo root, installed there on first use.
//
// The install uses uv (github.com/astral-sh/uv, pinned, itself installed by pip into
// .tools/): it resolves and installs moto[server]'s ~60 packages in a few seconds where pip
// takes about a minute, most of a fresh clone's test setup. Without uv (pip cannot fetch
// it) the install falls back to pip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MOTO_VERSION = '5.2.5';
export const UV_VERSION = '0.13.9';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const VENV = `${ROOT}.venv`;
const PYTHON = `${VENV}/bin/python`;
const LOCK = `${ROOT}.venv.lock`;
const UV_DIR = `${ROOT}.tools/uv-${UV_VERSION}`;
const UV = `${UV_DIR}/bin/uv`;

/** The moto version in .venv, or null when there is none (or no working .venv). */
function installedVersion() {
  if (!existsSync(`${VENV}/bin/moto_server`)) return null;
  const r = spawnSync(PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("moto"))'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The absolute path of a Python >= 3.9 with the venv module; throws with what to install. */
function findPython() {
  for (const candidate of ['python3', 'python']) {
    const r = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.executable if sys.version_info >= (3, 9) else "")'], {
      encoding: 'utf8',
    });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  throw new Error(
    'The integration tests need Python 3.9 or newer with the venv module, to run the moto AWS emulator. ' +
      'Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) and run the tests again.',
  );
}

/** uv in .tools/, installed by pip on first use (into a fresh folder renamed into place); null when pip cannot get it. */
function uv(python) {
  if (existsSync(UV)) return UV;
  mkdirSync(`${ROOT}.tools`, { recursive: true });
  const tmp = mkdtempSync(`${ROOT}.tools/.uv-`);
  try {
    const r = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', tmp, `uv==${UV_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      // into a folder of its own, never the system's: pip's warning about root does not apply
      env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
    });
    if (r.status !== 0) return null;
    try {
      renameSync(tmp, UV_DIR);
    } catch (e) {
      if (!existsSync(UV)) throw e;
    }
    return UV;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Hold a lock folder while `fn` runs: several test runs may start at once on one machine. */
async function withLock(fn) {
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

/** Make sure .venv holds moto MOTO_VERSION with its server extra; throws when it cannot. */
export async function ensureMotoVenv() {
  if (installedVersion() === MOTO_VERSION) return;
  await withLock(() => {
    if (installedVersion() === MOTO_VERSION) return;
    const python = findPython();
    const requirement = `moto[server]==${MOTO_VERSION}`;
    const uvBin = uv(python);
    if (uvBin) {
      const env = { ...process.env, UV_NO_PROGRESS: '1', UV_LINK_MODE: 'copy' };
      if (!existsSync(PYTHON)) execFileSync(uvBin, ['venv', '--quiet', '--python', python, VENV], { stdio: 'inherit', env });
      execFileSync(uvBin, ['pip', 'install', '--quiet', '--python', PYTHON, requirement], { stdio: 'inherit', env });
    } else {
      process.stderr.write(`uv ${UV_VERSION} could not be installed; installing moto with pip (about a minute)\n`);
      if (!existsSync(PYTHON)) execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
      execFileSync(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', requirement], { stdio: 'inherit' });
    }
    const got = installedVersion();
    if (got !== MOTO_VERSION) throw new Error(`Installed moto ${got ?? 'nothing'} into ${VENV}, expected ${MOTO_VERSION}`);
  });
}
