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
    // Integration files start their own moto server and talk to it over HTTP.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // local records and reports of test runs never land in the real data dir
      XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'mvsp-test-data-')),
    },
  },
});
