import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Unit tests next to the code (those touching a database run on SQLite and on Postgres), and
 * end-to-end tests in tests/ that boot the real local network (PLC, PDS, labeler, feed generator,
 * appview) once for the whole suite: on SQLite, then again on Postgres.
 */
// The Postgres end-to-end tier is its own run (`npm test` starts it after the first): two networks
// in one process would share its globals, and two at once would starve a 2-core machine.
const postgresTier = process.env.FRAMEWRIGHT_TEST_E2E_TIER === 'postgres'
const jsonReport = process.env.FRAMEWRIGHT_TEST_REPORT && (postgresTier ? `${process.env.FRAMEWRIGHT_TEST_REPORT}.postgres` : process.env.FRAMEWRIGHT_TEST_REPORT)

/** How the end-to-end files run, on either engine. */
const e2e = {
  globalSetup: ['tests/setup/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // One network for the suite, driven by one file at a time: results stay readable and the 2-core
  // machines are not starved.
  fileParallelism: false,
  // A whole network on two cores: a test that times out once under load runs once more. CI names
  // every test that needed it (FLAKY lines before its count), so a retry is seen, never hidden.
  retry: 1,
}

/**
 * End-to-end files not run on Postgres yet, each with why: they start services of their own on
 * SQLite files or read a service's SQLite file directly.
 */
const NOT_ON_POSTGRES_YET: string[] = [
  // Fault tests on a network of their own, whose services they start (and kill) on SQLite files
  // whichever tier runs: a second run on the Postgres tier would repeat the same run.
  'tests/kill-chaos.test.ts',
  'tests/pds-restart.test.ts',
  'tests/disk-full.test.ts',
]

export default defineConfig({
  test: {
    // CI reads the pass/fail counts from a JSON report when it asks for one.
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: postgresTier
      ? [{ test: { name: 'e2e-postgres', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...NOT_ON_POSTGRES_YET], ...e2e } }]
      : [
          {
            test: {
              name: 'unit',
              include: ['{lexicons,service-kit,feed-generator,labeler,appview,stack,client}/src/**/*.test.ts'],
              testTimeout: 30_000,
              // Hooks make fresh databases: migrating a Postgres schema took over 10 s (the default) on a
              // busy machine, and a timed-out hook's late writes then landed in the next test's database.
              hookTimeout: 60_000,
            },
          },
          { test: { name: 'e2e', include: ['tests/**/*.test.ts'], ...e2e } },
        ],
  },
})
