import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { LocalStack, freePort, type StackDescription } from '@framewright/stack'
import { createLogger } from '@framewright/service-kit'
import { FakeComfyUI } from '../fakes/comfyui'
import { FakeReplicate } from '../fakes/replicate'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackDescription
    /** The fake Replicate API the appview's replicate provider talks to. */
    replicate: { url: string; token: string }
    /** The fake ComfyUI server the appview's comfyui provider talks to. */
    comfyui: { url: string }
  }
}

/**
 * Boots the whole local network once for the e2e suite, on free ports and a fresh data folder
 * (so it never collides with a running `npm start`), seeded as a first start would be. The
 * appview's Replicate and ComfyUI providers point at local fakes that speak those servers' APIs:
 * the edges of the world a test cannot reach.
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
    },
    logger: createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'warn' }),
  })
  const description = await stack.start()
  project.provide('stack', description)
  project.provide('replicate', { url: replicate.url, token: replicate.token })
  project.provide('comfyui', { url: comfyui.url })
  return async () => {
    await stack.destroy()
    await replicate.close()
    await comfyui.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
