// `npm test` after the build: the type check and the whole test suite side by side.
// tsc only reads the sources; the tests (which run the built bundle) mostly wait on moto
// and pseudo-terminals, so running both at once saves the type check's wall time.
// Arguments go to vitest (`npm test -- test/unit/args.test.ts`). The exit code is the
// type check's when it failed, else vitest's; tsc's report is printed after vitest's.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Resolves with a child's exit code (128 + signal number when a signal ended it). */
function exitCode(child) {
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`${e.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)));
  });
}

const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let report = '';
tsc.stdout.on('data', (d) => (report += d));
tsc.stderr.on('data', (d) => (report += d));
// vitest's exports do not include its bin; it sits beside its package.json
const vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const vitest = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });

const [tscCode, vitestCode] = await Promise.all([exitCode(tsc), exitCode(vitest)]);
if (tscCode === 0) {
  process.stdout.write('\ntype check (tsc --noEmit): no errors\n');
} else {
  process.stdout.write(`\ntype check (tsc --noEmit) failed:\n${report}`);
}
process.exit(tscCode !== 0 ? tscCode : vitestCode);
