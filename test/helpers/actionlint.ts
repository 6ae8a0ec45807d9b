// actionlint (github.com/rhysd/actionlint), the GitHub Actions workflow linter, pinned and
// built from its Go module into .tools/ at the repo root: no npm package ships a current
// build of it, and the Go toolchain is on the machines that run the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ACTIONLINT_VERSION = '1.7.12';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `${ROOT}.tools/actionlint-${ACTIONLINT_VERSION}`;
/** where the binary is once installed */
export const ACTIONLINT = `${DIR}/actionlint`;

function hasGo(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
}

/** Build the pinned actionlint unless it is there; false (with the reason) when Go is missing. */
export function installActionlint(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(ACTIONLINT)) return { ok: true };
  if (!hasGo()) return { ok: false, reason: 'the Go toolchain (go) is not on PATH' };
  mkdirSync(`${ROOT}.tools`, { recursive: true });
  // built into a fresh folder, then renamed into place: a concurrent run never sees half a binary
  const tmp = mkdtempSync(`${ROOT}.tools/.actionlint-`);
  try {
    execFileSync('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@v${ACTIONLINT_VERSION}`], {
      env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      renameSync(tmp, DIR);
    } catch (e) {
      if (!existsSync(ACTIONLINT)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { ok: true };
}

/** The problems actionlint finds in one workflow file, one per line ("" when none). */
export function actionlint(path: string): { status: number | null; output: string } {
  const r = spawnSync(ACTIONLINT, ['-no-color', '-oneline', path], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}
