import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The slow reliability suite (`npm run test:chaos`): the scripted flow with a fault at
// every AWS call. Its files end in .chaos.ts so the default suite never picks them up.
delete process.env.CI;

export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    globalSetup: ['test/helpers/moto-global-setup.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 60_000,
    // one moto server and many CLI processes per file: two files at once is the most two cores take
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // local records and reports of test runs never land in the real data dir
      XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'mvsp-test-data-')),
    },
  },
});
