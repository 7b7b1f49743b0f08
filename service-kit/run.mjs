// Runs a TypeScript entry (a service's bin.ts, the stack's) as one bundled ES module, with no
// TypeScript loader in the process:   node service-kit/run.mjs <entry.ts>
//
// Why: tsx registers module hooks, and Node 20 runs module hooks on a thread of their own, a
// second V8 heap that stays for the life of the process (some 35–40 MB of every service's memory,
// measured). Our modules (the workspace packages included) are bundled once by esbuild, the
// compiler tsx itself runs; packages stay imports, resolved from node_modules as they would be from
// our sources. Each module's `import.meta.url` is its own source file's, so that the paths it builds
// (worker entries, the repository's root) are the same as when it runs from source. Stack traces
// point at the sources (a linked source map). The bundle is named by its content's hash and kept in
// node_modules/.cache with the list of sources it was made from: a start whose sources have not
// changed since (same size and time) takes it without running esbuild. If it cannot be made or
// written, the entry runs through tsx as before.
//
//   node service-kit/run.mjs [--bundle-only] <entry.ts> [args…]
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

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
const root = new URL('..', import.meta.url)
const cacheDir = new URL('node_modules/.cache/framewright/', root)

/** The bundle's name: the entry's path in the repository, e.g. feed-generator-src-bin. */
const stem = fileURLToPath(pathToFileURL(entryPath)).slice(fileURLToPath(root).length).replace(/\.[cm]?ts$/, '').replaceAll('/', '-')
const manifestFile = new URL(`${stem}.json`, cacheDir)

/** Writes a file under a temporary name and renames it: processes starting together never read half a file. */
function writeWhole(url, text) {
  const partial = new URL(`${url.href}.${process.pid}.partial`)
  writeFileSync(partial, text)
  renameSync(partial, url)
}

/** The bundle made last time, if none of the sources it was made from has changed since (a stat of each). */
function unchanged() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    for (const [path, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
      const st = statSync(path)
      if (st.mtimeMs !== mtimeMs || st.size !== size) return undefined
    }
    const file = new URL(manifest.bundle, cacheDir)
    return existsSync(file) ? file : undefined
  } catch {
    return undefined
  }
}

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
  const started = Date.now()
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
      outdir: fileURLToPath(cacheDir),
      logLevel: 'silent',
      plugins: [sources],
    })
  } finally {
    // Its service process would otherwise live as long as this one.
    await esbuild.stop()
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js')).text
  const map = result.outputFiles.find((f) => f.path.endsWith('.map')).text
  const name = `${stem}-${createHash('sha256').update(js).digest('hex').slice(0, 16)}.mjs`
  const file = new URL(name, cacheDir)
  mkdirSync(cacheDir, { recursive: true })
  if (!existsSync(file)) {
    writeWhole(new URL(`${name}.map`, cacheDir), map)
    writeWhole(file, `${js}//# sourceMappingURL=${name}.map\n`)
  }
  const inputs = {}
  let settled = true
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(input)
    const st = statSync(path)
    inputs[path] = [st.mtimeMs, st.size]
    // A source saved while it was bundled: the bundle may hold the older text, so it is not offered again.
    if (st.mtimeMs >= started) settled = false
  }
  if (settled) writeWhole(manifestFile, JSON.stringify({ bundle: name, inputs }))
  // Earlier bundles of this entry go once nothing can be starting from them any more.
  for (const other of readdirSync(cacheDir)) {
    if (!other.startsWith(`${stem}-`) || other.startsWith(name)) continue
    const path = new URL(other, cacheDir)
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true })
  }
  return file
}

let file
try {
  file = unchanged() ?? (await bundle())
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
