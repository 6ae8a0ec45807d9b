// Start and stop the moto emulator for the benchmark: the same pinned version, the same
// .venv and the same server as the tests (test/helpers/moto-server.py: moto with the
// harness's extensions, e.g. a credential report's real GeneratedTime), installed on first use.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { VENV, ensureMotoVenv } from '../moto-venv.mjs';

const PYTHON = `${VENV}/bin/python`;
const MOTO_SERVER = fileURLToPath(new URL('../../test/helpers/moto-server.py', import.meta.url));

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
  await ensureMotoVenv();
  const port = await freePort();
  const child = spawn(PYTHON, [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MVSP_MOTO_OWNER_PID: String(process.pid) },
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
