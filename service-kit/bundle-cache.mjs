// The cache of bundled TypeScript entries (a service's bin.ts, see run.mjs; a worker's body, see
// src/plain-worker.ts): node_modules/.cache/framewright/, beside the packages the bundles import,
// so that Node resolves those imports from a bundle as it would from our sources. Plain JavaScript:
// run.mjs loads it before anything can read TypeScript.
//
// A bundle is named by its entry's path and its content's hash, and kept with a manifest of the
// sources it was made from: a start whose sources have not changed since (same size and time, a
// stat each) takes it without running esbuild. Files are written under temporary names and
// renamed, so that processes starting together never read half a file.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = new URL('..', import.meta.url)
export const CACHE_DIR = new URL('node_modules/.cache/framewright/', root)

/** An entry's name in the cache: its path in the repository, e.g. feed-generator-src-bin. */
export function stemOf(entryPath) {
  return resolve(entryPath).slice(fileURLToPath(root).length).replace(/\.[cm]?ts$/, '').replaceAll('/', '-')
}

function writeWhole(url, text) {
  const partial = new URL(`${url.href}.${process.pid}.partial`)
  writeFileSync(partial, text)
  renameSync(partial, url)
}

/** The bundle made last time for `stem`, if none of the sources it was made from has changed since. */
export function cachedBundle(stem) {
  try {
    const manifest = JSON.parse(readFileSync(new URL(`${stem}.json`, CACHE_DIR), 'utf8'))
    for (const [path, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
      const st = statSync(path)
      if (st.mtimeMs !== mtimeMs || st.size !== size) return undefined
    }
    const file = new URL(manifest.bundle, CACHE_DIR)
    return existsSync(file) ? file : undefined
  } catch {
    return undefined
  }
}

/**
 * Keeps a bundle esbuild just made: `js` (and its source `map`, if any), `inputs` (the metafile's,
 * relative to the working directory), `startedAt` (when the build began). Returns its file.
 */
export function saveBundle(stem, { js, map, inputs, startedAt }) {
  const name = `${stem}-${createHash('sha256').update(js).digest('hex').slice(0, 16)}.mjs`
  const file = new URL(name, CACHE_DIR)
  mkdirSync(CACHE_DIR, { recursive: true })
  if (!existsSync(file)) {
    if (map) writeWhole(new URL(`${name}.map`, CACHE_DIR), map)
    writeWhole(file, map ? `${js}//# sourceMappingURL=${name}.map\n` : js)
  }
  const stats = {}
  let settled = true
  for (const input of inputs) {
    const path = resolve(input)
    const st = statSync(path)
    stats[path] = [st.mtimeMs, st.size]
    // A source saved while it was bundled: the bundle may hold the older text, so it is not offered again.
    if (st.mtimeMs >= startedAt) settled = false
  }
  if (settled) writeWhole(new URL(`${stem}.json`, CACHE_DIR), JSON.stringify({ bundle: name, inputs: stats }))
  // Earlier bundles of this entry go once nothing can be starting from them any more.
  for (const other of readdirSync(CACHE_DIR)) {
    if (!other.startsWith(`${stem}-`) || other.startsWith(name)) continue
    const path = new URL(other, CACHE_DIR)
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true })
  }
  return file
}
