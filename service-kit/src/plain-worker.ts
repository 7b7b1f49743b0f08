import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { cachedBundle, saveBundle, stemOf } from '../bundle-cache.mjs'

const bundled = new Map<string, URL | undefined>()

interface EsbuildApi {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } }
}

/**
 * A worker body written in TypeScript, as a file of plain JavaScript that a worker thread runs
 * without a TypeScript loader; undefined when it cannot be made (the caller then loads the body
 * through tsx).
 *
 * Why: tsx registers module hooks in each thread that loads TypeScript, and Node 20 runs module
 * hooks on a thread of their own — a second V8 heap: 38–43 MB and 0.6–1.2 s to ready measured for
 * a verification worker loaded that way, 14 MB and 0.2 s for this one. The body is bundled with
 * esbuild (our modules inlined, packages left as imports) into the cache the services' bundles
 * share (../bundle-cache.mjs), and taken from there, without esbuild, while its sources are
 * unchanged; asked once per process.
 */
export function plainWorkerUrl(body: URL): URL | undefined {
  if (bundled.has(body.href)) return bundled.get(body.href)
  let url: URL | undefined
  try {
    const entry = fileURLToPath(body)
    const stem = stemOf(entry)
    url = cachedBundle(stem)
    if (!url) {
      const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildApi
      const startedAt = Date.now()
      const result = esbuild.buildSync({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        metafile: true,
        write: false,
        logLevel: 'silent',
      })
      url = saveBundle(stem, { js: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs), startedAt })
    }
  } catch {
    url = undefined
  }
  bundled.set(body.href, url)
  return url
}

/** Options that preload a module, as `--import x` or `--import=x`. */
const PRELOADS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader'])

/**
 * The process's Node options without those that load tsx. A worker inherits them by default, and
 * would register tsx's module hooks (and start their thread) even to run plain JavaScript.
 */
export function execArgvWithoutTsx(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if (!PRELOADS.has(flag)) kept.push(arg)
    else if (eq > 0) {
      if (!/\btsx\b/.test(arg.slice(eq + 1))) kept.push(arg)
    } else {
      const value = execArgv[++i] ?? ''
      if (!/\btsx\b/.test(value)) kept.push(arg, value)
    }
  }
  return kept
}

/**
 * Starts a worker thread whose body is TypeScript: as plain JavaScript without tsx when the body
 * can be bundled (see plainWorkerUrl), else from `fallback`, a plain entry that loads the body
 * through tsx.
 */
export function startTypeScriptWorker(body: URL, fallback: URL, options: WorkerOptions = {}): Worker {
  const plain = plainWorkerUrl(body)
  return newWorker(plain ?? fallback, { execArgv: plain ? execArgvWithoutTsx() : process.execArgv, ...options })
}

/**
 * A worker with the given Node options, or with none when Node refuses them: options that belong
 * to the process, not a thread (V8's --max-old-space-size, --stack-size: set for the process, they
 * apply to its workers anyway), make a worker that inherits them fail to start at all.
 */
function newWorker(entry: URL, options: WorkerOptions): Worker {
  try {
    return new Worker(entry, options)
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err
    return new Worker(entry, { ...options, execArgv: [] })
  }
}
