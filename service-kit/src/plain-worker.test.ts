import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { firstMessage } from './testing'
import { execArgvWithoutTsx, plainWorkerUrl } from './plain-worker'

describe('a TypeScript worker body run as plain JavaScript', () => {
  const body = new URL('./ingest/verify-worker-body.ts', import.meta.url)

  it('is bundled once per process into a file named by its path and content, with packages left as imports', () => {
    const url = plainWorkerUrl(body)
    expect(url).toBeDefined()
    expect(plainWorkerUrl(body)).toBe(url)
    const file = fileURLToPath(url!)
    expect(file).toMatch(/node_modules\/\.cache\/framewright\/service-kit-src-ingest-verify-worker-body-[0-9a-f]{16}\.mjs$/)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toMatch(/tsx/)
    expect(text).toMatch(/from "@atcute\/car"|from "@atcute\/cbor"/)
    // Our own modules are inlined: no import of a .ts file or a relative path is left.
    expect(text).not.toMatch(/from "\.\.?\//)
  })

  it('starts in a worker thread without a TypeScript loader (vitest gives workers none)', async () => {
    expect(await firstMessage(new Worker(plainWorkerUrl(body)!))).toEqual({ ready: true })
  })
})

describe('the Node options a plain worker inherits', () => {
  it('lose only the preloads that load tsx, in either form', () => {
    expect(execArgvWithoutTsx(['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs'])).toEqual([])
    expect(execArgvWithoutTsx(['--import=tsx', '--cpu-prof', '--import', './otel.mjs', '--enable-source-maps'])).toEqual(['--cpu-prof', '--import', './otel.mjs', '--enable-source-maps'])
    expect(execArgvWithoutTsx(['--import', 'tsx', '--stack-size=900'])).toEqual(['--stack-size=900'])
  })
})

describe('a verification worker in a process started with options a thread may not take', () => {
  it('starts without them (Node refuses a worker that inherits --stack-size)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-worker-'))
    try {
      const script = join(dir, 'start.ts')
      const here = new URL('.', import.meta.url)
      writeFileSync(
        script,
        `import { startTypeScriptWorker } from ${JSON.stringify(fileURLToPath(new URL('./plain-worker.ts', here)))}
const worker = startTypeScriptWorker(new URL(${JSON.stringify(new URL('./ingest/verify-worker-body.ts', here).href)}), new URL(${JSON.stringify(new URL('./ingest/verify-worker.mjs', here).href)}))
worker.once('message', (msg) => { console.log(JSON.stringify(msg)); void worker.terminate() })
`,
      )
      const out = execFileSync(process.execPath, ['--stack-size=900', '--import', 'tsx', script], { cwd: fileURLToPath(here), encoding: 'utf8', timeout: 60_000 })
      expect(JSON.parse(out.trim())).toEqual({ ready: true })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
