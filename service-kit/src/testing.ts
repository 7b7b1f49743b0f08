import { afterAll, describe } from 'vitest'
import { testEngines, type TestEngine } from './db/test-engines'

export * from './db/test-engines'

/**
 * Declares a suite once per database engine: `title (sqlite)` always, `title (postgres)` when
 * FRAMEWRIGHT_TEST_POSTGRES_URL is set, and otherwise a skipped suite whose name says how to run it.
 * Every database the body opens through `engine.open` is removed after the suite.
 */
export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  for (const engine of testEngines()) {
    const name = `${title} (${engine.name})`
    if (engine.skip) {
      describe.skip(`${name}: ${engine.skip}`, () => body(engine))
      continue
    }
    describe(name, () => {
      afterAll(() => engine.cleanup())
      body(engine)
    })
  }
}
