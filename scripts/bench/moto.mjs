// Start and stop the moto emulator for the benchmark: the same pinned version and the
// same .venv as the tests (test/helpers/moto-global-setup.ts), installed on first use.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const VENV = '.venv';
const MOTO_SERVER = `${VENV}/bin/moto_server`;

function pinnedVersion() {
  const src = readFileSync('test/helpers/moto-global-setup.ts', 'utf8');
  const m = src.match(/MOTO_VERSION = '([^']+)'/);
  if (!m) throw new Error('cannot find MOTO_VERSION in test/helpers/moto-global-setup.ts');
  return m[1];
}

export function ensureMoto() {
  if (existsSync(MOTO_SERVER)) return;
  const version = pinnedVersion();
  process.stderr.write(`installing moto ${version} into ${VENV} (first run only)…\n`);
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import venv'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new Error('the benchmark needs Python 3 with the venv module, to run the moto AWS emulator');
  execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(`${VENV}/bin/python`, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `moto[server]==${version}`], {
    stdio: 'inherit',
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startMoto() {
  ensureMoto();
  const port = await freePort();
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!exited && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (exited || Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`moto_server did not start on ${url}`);
  }
  return {
    url,
    async reset() {
      const r = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!r.ok) throw new Error(`moto reset answered ${r.status}`);
    },
    stop() {
      return new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
