import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { LocalStack, freePort, type StackDescription } from '@framewright/stack'
import { createLogger } from '@framewright/service-kit'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackDescription
  }
}

/**
 * Boots the whole local network once for the e2e suite, on free ports and a fresh data folder
 * (so it never collides with a running `npm start`), seeded as a first start would be.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'framewright-e2e-'))
  const ports = {
    client: await freePort(),
    plc: await freePort(),
    pds: await freePort(),
    appview: await freePort(),
    feedgen: await freePort(),
    labeler: await freePort(),
  }
  const stack = new LocalStack({
    dataDir,
    ports,
    seed: true,
    logger: createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'warn' }),
  })
  const description = await stack.start()
  project.provide('stack', description)
  return async () => {
    await stack.destroy()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
