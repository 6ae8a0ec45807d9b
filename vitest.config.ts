import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Ink prints only the last frame when CI is set; test workers inherit this process's env.
delete process.env.CI;

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/helpers/moto-global-setup.ts', 'test/helpers/actionlint-global-setup.ts'],
    // Most files wait (on moto, on a CLI process, on a pseudo-terminal) far more than they
    // compute: four files at a time on two cores, where vitest's default is one. Each
    // worker keeps one moto server (test/helpers/moto.ts).
    maxWorkers: 4,
    // Ceilings, not speed targets: a test that waits does so on an event, and these only
    // end a test that would otherwise hang, also on a machine busy with other work.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // local records and reports of test runs never land in the real data dir
      XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'mvsp-test-data-')),
    },
  },
});
