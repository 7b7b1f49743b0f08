// Runs a TypeScript entry (a service's bin.ts, the stack's) as one bundled ES module, with no
// TypeScript loader in the process:   node service-kit/run.mjs <entry.ts>
//
// Why: tsx registers module hooks, and Node 20 runs module hooks on a thread of their own, a
// second V8 heap that stays for the life of the process (some 35–40 MB of every service's memory,
// measured). Our modules (the workspace packages included) are bundled once by esbuild, the
// compiler tsx itself runs; packages stay imports, resolved from node_modules as they would be from
// our sources. Each module's `import.meta.url` is its own source file's, so that the paths it builds
// (worker entries, the repository's root) are the same as when it runs from source. Stack traces
// point at the sources (a linked source map). Bundles are cached (see bundle-cache.mjs): a start
// whose sources have not changed takes the last one without running esbuild. If it cannot be made
// or written, the entry runs through tsx as before.
//
//   node service-kit/run.mjs [--bundle-only] <entry.ts> [args…]
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { CACHE_DIR, cachedBundle, saveBundle, stemOf } from './bundle-cache.mjs'

// The heap may grow to twice what was live at the last full collection before the next one
// (FRAMEWRIGHT_HEAP_GROWTH, in percent over the live size; 0 leaves it to V8). V8's own rule lets a
// busy process grow its heap to about four times what is live: a service catching up with the
// firehose promotes everything that waits in its queue and batches, and V8 then held some 150 MB of
// old space for 50 MB live. Measured (bench/ingest.ts, appview, 200,000 events): peak RSS 288–296 MB
// at 100 % against 375–388 MB with V8's rule, at the same events/s; at 50 % it was 268–274 MB, and
// slower. V8 reads the flag at each full collection, so setting it here, before the service has
// allocated much, holds for the whole process (its worker threads too).
const HEAP_GROWTH = 'FRAMEWRIGHT_HEAP_GROWTH'
const growth = (process.env[HEAP_GROWTH] ?? '').trim() || '100'
if (!/^\d{1,4}$/.test(growth)) {
  console.error(`${HEAP_GROWTH}: must be a whole number of percent (0 leaves the heap's growth to V8), got ${JSON.stringify(process.env[HEAP_GROWTH])}`)
  process.exit(2)
}
if (Number(growth) > 0) setFlagsFromString(`--heap-growing-percent=${Number(growth)}`)

// --bundle-only: make (or find) the bundle and say where it is, without running it (a deploy's
// build step, or a benchmark that must not count the bundling).
const bundleOnly = process.argv[2] === '--bundle-only'
if (bundleOnly) process.argv.splice(2, 1)
const entry = process.argv[2]
if (!entry) {
  console.error('usage: node service-kit/run.mjs [--bundle-only] <entry.ts> [args…]')
  process.exit(2)
}
// The entry sees its own arguments as if it had been run directly.
process.argv.splice(1, 1)
const entryPath = resolve(entry)
const stem = stemOf(entryPath)

async function bundle() {
  const esbuild = await import('esbuild')
  /** Source files keep their own import.meta.url; packages (but our workspace packages) stay imports. */
  const sources = {
    name: 'framewright-sources',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@framewright/') ? undefined : { path: args.path, external: true }))
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined
        const text = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        return { contents: text, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' }
      })
    },
  }
  const startedAt = Date.now()
  let result
  try {
    result = await esbuild.build({
      entryPoints: [entryPath],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      metafile: true,
      write: false,
      outdir: fileURLToPath(CACHE_DIR),
      logLevel: 'silent',
      plugins: [sources],
    })
  } finally {
    // Its service process would otherwise live as long as this one.
    await esbuild.stop()
  }
  return saveBundle(stem, {
    js: result.outputFiles.find((f) => f.path.endsWith('.js')).text,
    map: result.outputFiles.find((f) => f.path.endsWith('.map')).text,
    inputs: Object.keys(result.metafile.inputs),
    startedAt,
  })
}

let file
try {
  file = cachedBundle(stem) ?? (await bundle())
} catch (err) {
  console.error(`service-kit/run.mjs: could not bundle ${entry} (${err?.errors?.[0]?.text ?? err?.message ?? err}); running it through tsx`)
}
if (bundleOnly) {
  if (!file) process.exit(1)
  console.log(fileURLToPath(file))
} else if (file) {
  process.setSourceMapsEnabled(true)
  await import(file.href)
} else {
  const { tsImport } = await import('tsx/esm/api')
  await tsImport(pathToFileURL(entryPath).href, import.meta.url)
}
