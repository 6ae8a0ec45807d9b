import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The slow reliability suite (`npm run test:chaos`): the scripted flow with a fault at
// every AWS call (files ending in .chaos.ts, which the default suite never picks up), and
// the exhaustive loops whose default-suite files run one representative case of each
// kind (MVSP_TESTS_EXHAUSTIVE=1 makes them run every case).
export const EXHAUSTIVE_FILES = ['test/integration/bad-input.test.ts', 'test/integration/least-privilege.test.ts'];
delete process.env.CI;

export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts', ...EXHAUSTIVE_FILES],
    globalSetup: ['test/helpers/moto-global-setup.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 180_000,
    // one moto server and many CLI processes per file: two files at once is the most two cores take
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      MVSP_TESTS_EXHAUSTIVE: '1',
      // local records and reports of test runs never land in the real data dir
      XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'mvsp-test-data-')),
    },
  },
});
