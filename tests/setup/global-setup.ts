import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { LocalStack, freePort, serviceSchemas, type StackDescription } from '@framewright/stack'
import { ConfigError, createLogger } from '@framewright/service-kit'
import { dropSchemas, TEST_POSTGRES_VARIABLE, uniqueSchemaName } from '@framewright/service-kit/testing'
import { FakeComfyUI } from '../fakes/comfyui'
import { FakeReplicate } from '../fakes/replicate'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackDescription
    /** The fake Replicate API the appview's replicate provider talks to. */
    replicate: { url: string; token: string }
    /** The fake ComfyUI server the appview's comfyui provider talks to. */
    comfyui: { url: string }
    /** Where the services keep their data: SQLite files under the data folder, or Postgres schemas. */
    database: { engine: 'sqlite' } | { engine: 'postgres'; url: string; schemaPrefix: string }
  }
}

/** Setting it to `postgres` runs the suite's stack on Postgres (FRAMEWRIGHT_TEST_POSTGRES_URL), each service in a fresh schema. */
const E2E_DATABASE_VARIABLE = 'FRAMEWRIGHT_TEST_E2E_DATABASE'

/** The project that runs the end-to-end files again with every service on Postgres (see vitest.config.ts). */
export const POSTGRES_E2E_PROJECT = 'e2e-postgres'

/** The stack's services' database for this run: Postgres for the Postgres project, else from the environment. */
function e2eDatabase(env: Record<string, string | undefined>, project: string): { engine: 'sqlite' } | { engine: 'postgres'; url: string; schemaPrefix: string } {
  const engine = project === POSTGRES_E2E_PROJECT ? 'postgres' : env[E2E_DATABASE_VARIABLE]?.trim() || 'sqlite'
  if (engine === 'sqlite') return { engine }
  if (engine !== 'postgres') throw new ConfigError(E2E_DATABASE_VARIABLE, `expected sqlite or postgres, got "${engine}"`)
  const url = env[TEST_POSTGRES_VARIABLE]?.trim()
  if (!url) throw new ConfigError(TEST_POSTGRES_VARIABLE, `is required when ${E2E_DATABASE_VARIABLE}=postgres (e.g. postgresql://postgres@127.0.0.1:5432/test)`)
  return { engine, url, schemaPrefix: `${uniqueSchemaName('fwe2e')}_` }
}

/**
 * Boots the whole local network once for the e2e suite, on free ports and a fresh data folder
 * (so it never collides with a running `npm start`), seeded as a first start would be. The
 * appview's Replicate and ComfyUI providers point at local fakes that speak those servers' APIs:
 * the edges of the world a test cannot reach. With FRAMEWRIGHT_TEST_E2E_DATABASE=postgres the
 * services run on Postgres, each in a fresh schema dropped at teardown.
 */
export default async function setup(project: TestProject) {
  const database = e2eDatabase(process.env, project.name)
  const dataDir = mkdtempSync(join(tmpdir(), 'framewright-e2e-'))
  const ports = {
    client: await freePort(),
    plc: await freePort(),
    pds: await freePort(),
    appview: await freePort(),
    feedgen: await freePort(),
    labeler: await freePort(),
  }
  const [replicate, comfyui] = await Promise.all([FakeReplicate.start(), FakeComfyUI.start({ tickMs: 600 })])
  const stack = new LocalStack({
    dataDir,
    ports,
    seed: true,
    env: {
      ...process.env,
      FRAMEWRIGHT_REPLICATE_API_URL: replicate.url,
      FRAMEWRIGHT_REPLICATE_API_TOKEN: replicate.token,
      FRAMEWRIGHT_COMFYUI_URL: comfyui.url,
      FRAMEWRIGHT_COMFYUI_WORKFLOW: fileURLToPath(new URL('../fixtures/comfyui-wan-t2v.json', import.meta.url)),
      // The hosted providers here are fakes: every test account may use them.
      FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: '*',
    },
    logger: createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'warn' }),
    database: database.engine === 'postgres' ? { url: database.url, schemaPrefix: database.schemaPrefix } : undefined,
  })
  const dropDatabase = async () => {
    if (database.engine === 'postgres') await dropSchemas(database.url, Object.values(serviceSchemas(database.schemaPrefix)))
  }
  let description: StackDescription
  try {
    description = await stack.start()
  } catch (err) {
    await stack.destroy().catch(() => undefined)
    await dropDatabase().catch(() => undefined)
    throw err
  }
  project.provide('stack', description)
  project.provide('replicate', { url: replicate.url, token: replicate.token })
  project.provide('comfyui', { url: comfyui.url })
  project.provide('database', database)
  return async () => {
    await stack.destroy()
    await replicate.close()
    await comfyui.close()
    rmSync(dataDir, { recursive: true, force: true })
    await dropDatabase()
  }
}
