import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RUN = join(ROOT, 'service-kit', 'run.mjs')
const CACHE = join(ROOT, 'node_modules', '.cache', 'framewright')
// Inside the repository, as a service's sources are (its packages resolve from node_modules).
const dir = join(ROOT, 'service-kit', `.run-test-${process.pid}`)
const stem = `service-kit-.run-test-${process.pid}-entry`

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  for (const f of readdirSync(CACHE)) if (f.startsWith(stem)) rmSync(join(CACHE, f), { force: true })
})

/** Runs the entry through run.mjs and returns what it printed (one JSON line). */
function run(...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [RUN, join(dir, 'entry.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  return JSON.parse(out.trim().split('\n').pop()!)
}

describe('service-kit/run.mjs: a TypeScript entry run as one bundled module', () => {
  it('runs it without a TypeScript loader, each module with its own import.meta.url, workspace packages and packages resolved', () => {
    mkdirSync(join(dir, 'lib'), { recursive: true })
    writeFileSync(join(dir, 'lib', 'where.ts'), `export const where: string = import.meta.url\nexport const version = 1\n`)
    writeFileSync(join(dir, 'other.ts'), `export const x: number = 1\n`)
    writeFileSync(
      join(dir, 'entry.ts'),
      `import { where, version } from './lib/where'
import { ids } from '@framewright/lexicons'
import { encode } from '@atcute/cbor'
let loader = 'none'
try { await import(${JSON.stringify(pathToFileURL(join(dir, 'other.ts')).href)}); loader = 'loads .ts' } catch (err) { loader = (err as { code?: string }).code ?? String(err) }
console.log(JSON.stringify({ where, self: import.meta.url, version, lexicon: typeof ids, cbor: encode({ a: 1 }).length, execArgv: process.execArgv, argv: process.argv.slice(2), loader }))
`,
    )
    const out = run('--flag', 'value')
    expect(out.where).toBe(pathToFileURL(join(dir, 'lib', 'where.ts')).href)
    expect(out.self).toBe(pathToFileURL(join(dir, 'entry.ts')).href)
    expect(out.lexicon).toBe('object')
    expect(out.cbor).toBeGreaterThan(0)
    expect(out.argv).toEqual(['--flag', 'value'])
    // No loader: a TypeScript file is not something this process can import.
    expect(out.execArgv).toEqual([])
    expect(out.loader).toBe('ERR_UNKNOWN_FILE_EXTENSION')
    expect(readdirSync(CACHE).filter((f) => f.startsWith(stem) && f.endsWith('.mjs'))).toHaveLength(1)
  })

  it('takes the bundle it made while no source changed, and makes a new one when one does', () => {
    // The bundle the manifest names, marked: a start that takes it without bundling again says so.
    const manifest = JSON.parse(readFileSync(join(CACHE, `${stem}.json`), 'utf8')) as { bundle: string }
    const marked = `${stem}-marked.mjs`
    writeFileSync(join(CACHE, marked), `globalThis.marked = true\n${readFileSync(join(CACHE, manifest.bundle), 'utf8').replace('console.log(JSON.stringify({', 'console.log(JSON.stringify({ marked: globalThis.marked === true, ')}`)
    writeFileSync(join(CACHE, `${stem}.json`), JSON.stringify({ ...manifest, bundle: marked }))
    expect(run()).toMatchObject({ marked: true, version: 1 })
    writeFileSync(join(dir, 'lib', 'where.ts'), `export const where: string = import.meta.url\nexport const version = 2\n`)
    const after = run()
    expect(after.version).toBe(2)
    expect(after.marked).toBeUndefined()
  })

  it('with --bundle-only, makes the bundle and names it without running it', () => {
    writeFileSync(join(dir, 'entry.ts'), `console.log('ran')\nexport {}\n`)
    const out = execFileSync(process.execPath, [RUN, '--bundle-only', join(dir, 'entry.ts')], { cwd: dir, encoding: 'utf8', timeout: 60_000 }).trim()
    expect(out).toMatch(new RegExp(`/node_modules/\\.cache/framewright/${stem.replaceAll('.', '\\.')}-[0-9a-f]{16}\\.mjs$`))
    expect(out.split('\n')).toHaveLength(1) // its path, and nothing the entry would have printed
    expect(readFileSync(out, 'utf8')).toContain('console.log("ran")')
  })

  it('lets the heap grow to twice what is live between full collections (FRAMEWRIGHT_HEAP_GROWTH), and names a bad value', () => {
    // 20 MB live, then 800 MB passed through a ring big enough to outlive young collections: the old
    // space fills with garbage, and how far it grows before a full collection is the growth rule's.
    writeFileSync(
      join(dir, 'entry.ts'),
      `const live: number[][] = []
for (let i = 0; i < 2_000; i++) live.push(new Array(1_000).fill(i))
const ring: number[][] = new Array(10_000)
let peak = 0
for (let i = 0; i < 200_000; i++) {
  ring[i % ring.length] = new Array(1_000).fill(i)
  if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
}
console.log(JSON.stringify({ peakMb: peak / 1048576, live: live.length }))
`,
    )
    const peak = (growth?: string) => {
      const out = execFileSync(process.execPath, [RUN, join(dir, 'entry.ts')], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FRAMEWRIGHT_HEAP_GROWTH: growth } })
      return JSON.parse(out.trim().split('\n').pop()!).peakMb as number
    }
    const [tight, loose, twice, byDefault] = [peak('10'), peak('1000'), peak('100'), peak(undefined)]
    // The setting reaches V8: 10 % keeps the heap near what is live, 1000 % lets it grow tenfold.
    expect(loose).toBeGreaterThan(3 * tight)
    expect(twice).toBeGreaterThan(tight)
    expect(twice).toBeLessThan(loose / 2)
    // The default is 100 %.
    expect(Math.abs(byDefault - twice) / twice).toBeLessThan(0.25)
    let failed: { status?: number; stderr?: string } = {}
    try {
      execFileSync(process.execPath, [RUN, join(dir, 'entry.ts')], { cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, FRAMEWRIGHT_HEAP_GROWTH: 'twice' } })
    } catch (err) {
      failed = err as typeof failed
    }
    expect(failed.status).toBe(2)
    expect(failed.stderr).toContain('FRAMEWRIGHT_HEAP_GROWTH: must be a whole number of percent')
  })

  it('points stack traces at the sources', () => {
    writeFileSync(join(dir, 'entry.ts'), `const fail = (): never => { throw new Error('from the source') }\ntry { fail() } catch (err) { console.log(JSON.stringify({ stack: (err as Error).stack })) }\n`)
    expect(run().stack).toContain(`${join(dir, 'entry.ts')}:1:`)
  })
})
