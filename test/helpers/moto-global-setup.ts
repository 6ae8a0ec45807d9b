// Makes sure .venv at the repo root holds the pinned moto before any test starts
// (scripts/moto-venv.mjs).
// Then gives the workers a directory where each registers the moto server it starts
// (moto.ts), and stops those servers when the run ends.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureMotoVenv } from '../../scripts/moto-venv.mjs';

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
  await ensureMotoVenv();
  const dir = mkdtempSync(join(tmpdir(), 'mvsp-moto-'));
  project.provide('mvspMotoDir', dir);
  project.provide('mvspMotoOwnerPid', process.pid);
  return () => stopServers(dir);
}
