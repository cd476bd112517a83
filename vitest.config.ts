import { defineConfig } from 'vitest/config';
import { compiledChecks } from './build/compiled-checks-plugin.js';

// Two projects: fast unit and integration tests, and browser end-to-end tests
// that drive real Chromium and therefore run one file at a time.
export default defineConfig({
  // Client code imports its schema checks from the module this plugin generates (build/README.md).
  plugins: [compiledChecks()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
