import { defineConfig } from 'vitest/config'

/**
 * Two tiers: unit tests next to the code, and end-to-end tests in tests/ that boot the real local
 * network (PLC, PDS, labeler, feed generator, appview) once for the whole suite.
 */
const jsonReport = process.env.FRAMEWRIGHT_TEST_REPORT

export default defineConfig({
  test: {
    // CI reads the pass/fail counts from a JSON report when it asks for one.
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{lexicons,service-kit,feed-generator,labeler,appview,stack,client}/src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One network for the suite, driven by one file at a time: results stay readable and
          // the 2-core machines are not starved.
          fileParallelism: false,
        },
      },
    ],
  },
})
