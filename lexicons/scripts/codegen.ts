/**
 * Regenerates lexicons/src/generated from the JSON lexicons in lexicons/schemas.
 *
 * Our services also serve and call Bluesky and atproto methods (getFeedSkeleton, queryLabels, …).
 * No package ships those lexicons as JSON, so this script takes them from @atproto/api's `schemas`,
 * follows every ref to collect what they depend on, and feeds the whole set to lex-cli.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { schemas as atprotoSchemas } from '@atproto/api'
import type { LexiconDoc } from '@atproto/lexicon'

/** Methods from outside our namespace that a Framewright service serves. */
const EXTERNAL_ROOTS = [
  'app.bsky.feed.getFeedSkeleton',
  'app.bsky.feed.describeFeedGenerator',
  'app.bsky.feed.sendInteractions',
  'com.atproto.label.queryLabels',
  'com.atproto.label.subscribeLabels',
  'com.atproto.moderation.createReport',
]

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const schemaDir = join(pkgDir, 'schemas')
const outDir = join(pkgDir, 'src', 'generated')
const lexCli = join(pkgDir, '..', 'node_modules', '@atproto', 'lex-cli', 'dist', 'index.js')

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return listJson(path)
    return name.endsWith('.json') ? [path] : []
  })
}

/** Every NSID a lexicon document refers to (refs and unions, anywhere in it). */
function referencedNsids(doc: unknown): Set<string> {
  const found = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    const obj = node as Record<string, unknown>
    if (obj.type === 'ref' && typeof obj.ref === 'string') addRef(obj.ref)
    if (obj.type === 'union' && Array.isArray(obj.refs)) obj.refs.forEach((r) => addRef(String(r)))
    Object.values(obj).forEach(visit)
  }
  const addRef = (ref: string) => {
    const nsid = ref.replace(/^lex:/, '').split('#')[0]
    if (nsid) found.add(nsid)
  }
  visit(doc)
  return found
}

const ownFiles = listJson(schemaDir)
const ownDocs = ownFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as LexiconDoc)
const ownIds = new Set<string>(ownDocs.map((d) => d.id))
const external = new Map<string, LexiconDoc>(atprotoSchemas.map((d) => [d.id, d as LexiconDoc]))

const needed = new Set<string>()
const queue = [...EXTERNAL_ROOTS, ...ownDocs.flatMap((d) => [...referencedNsids(d)])]
while (queue.length > 0) {
  const id = queue.pop()!
  if (ownIds.has(id) || needed.has(id)) continue
  const doc = external.get(id)
  if (!doc) throw new Error(`lexicon ${id} is referenced but neither ours nor in @atproto/api`)
  needed.add(id)
  queue.push(...referencedNsids(doc))
}

// lex-cli orders its output by file path, so every input (ours and atproto's) is laid out in one
// temporary tree by NSID: the output is then the same wherever the checkout and tmpdir live.
const tmp = mkdtempSync(join(tmpdir(), 'framewright-lex-'))
try {
  const docs = [...ownDocs, ...[...needed].map((id) => external.get(id)!)]
  const inputFiles = docs.map((doc) => {
    const path = join(tmp, ...doc.id.split('.')) + '.json'
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify(doc, null, 2))
    return path
  })
  rmSync(outDir, { recursive: true, force: true })
  execFileSync(process.execPath, [lexCli, 'gen-server', '--yes', outDir, ...inputFiles], {
    stdio: 'inherit',
  })
  console.log(`generated ${outDir}: ${ownFiles.length} of our lexicons, ${needed.size} from atproto`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
