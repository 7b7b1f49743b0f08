import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Unit tests next to the code (those touching a database run on SQLite and on Postgres), and
 * end-to-end tests in tests/ that boot the real local network (PLC, PDS, labeler, feed generator,
 * appview) once for the whole suite: on SQLite, then again on Postgres.
 */
const jsonReport = process.env.FRAMEWRIGHT_TEST_REPORT
const postgresUrl = process.env.FRAMEWRIGHT_TEST_POSTGRES_URL

/** How the end-to-end files run, on either engine. */
const e2e = {
  globalSetup: ['tests/setup/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // One network for the suite, driven by one file at a time: results stay readable and the 2-core
  // machines are not starved.
  fileParallelism: false,
}

/**
 * End-to-end files not run on Postgres yet, each with why: they start services of their own on
 * SQLite files or read a service's SQLite file directly.
 */
const NOT_ON_POSTGRES_YET: string[] = []

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
        test: { name: 'e2e', include: ['tests/**/*.test.ts'], ...e2e },
      },
      // The same end-to-end files again with every service of the network on Postgres (the machine's
      // server, FRAMEWRIGHT_TEST_POSTGRES_URL; skipped without it), after the SQLite run, never beside it.
      ...(postgresUrl
        ? [{ test: { name: 'e2e-postgres', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...NOT_ON_POSTGRES_YET], ...e2e, sequence: { groupOrder: 1 } } }]
        : []),
    ],
  },
})
