import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The console's browser tests drive Debian's Chromium. A machine without it skips them with a
// warning that says how to install it; in CI they run, and fail without it (e2e/global-setup.ts).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!browserTests) {
  console.warn(
    `\n  Chromium is not at ${CHROMIUM}: the console's browser tests (e2e/) are skipped.\n  Install it with \`sudo apt-get install chromium\` (Debian, Ubuntu), or set CHROMIUM_PATH.\n`,
  );
}

const e2e: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    // Builds the server and the console once; each file starts its own server and Chromium.
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    // One browser at a time: the machine has two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
};

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Files run in parallel in worker processes; each opens its own databases.
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          // @gatehouse/client against a real Gatehouse (the harness of test/helpers).
          name: 'client',
          include: ['packages/*/test/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          pool: 'forks',
        },
      },
      ...(browserTests ? [e2e] : []),
    ],
  },
});
