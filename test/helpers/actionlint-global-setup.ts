// Builds the pinned actionlint before any test starts (see actionlint.ts). Without Go the
// workflow test fails and says so; the other tests still run.
import { installActionlint } from './actionlint.js';

export default function setup(): void {
  const r = installActionlint();
  if (!r.ok) process.stderr.write(`actionlint ${r.reason}: the reminder workflow test will fail\n`);
}
