/**
 * The top costs of a V8 CPU profile (from `node --cpu-prof`, e.g. `bench/ingest.ts --cpu-prof DIR`):
 * self time by function, and by package or file, so a profile can be read without DevTools.
 *
 *   npx tsx bench/profile-top.ts DIR/feedgen/CPU.*.cpuprofile [--top 25] [--since peekCommit]
 *
 * --since NAME counts only the samples from the first one taken in a function of that name on: the
 * replay's timed window rather than the process's start-up (module loading, compiling).
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--top' && all[i - 1] !== '--since')
const sinceIndex = process.argv.indexOf('--since')
const since = sinceIndex > 0 ? process.argv[sinceIndex + 1] : undefined
const topIndex = process.argv.indexOf('--top')
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  const from = since ? Math.max(0, profile.samples.findIndex((id) => byId.get(id)!.callFrame.functionName === since)) : 0
  profile.samples.forEach((id, i) => {
    if (i >= from) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const byFunction = new Map<string, number>()
  const byPlace = new Map<string, number>()
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const place = placeOf(url)
    const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
    byPlace.set(place, (byPlace.get(place) ?? 0) + us)
  }
  console.log(`\n${file}: ${(total / 1e6).toFixed(2)} s sampled`)
  print('self time by function', byFunction, total)
  print('self time by package or file', byPlace, total)
}

function print(title: string, map: Map<string, number>, total: number) {
  console.log(`  ${title}:`)
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${name}`)
  }
}

/** A package name for code in node_modules, a repo-relative path for ours, the category V8 gives otherwise. */
function placeOf(url: string): string {
  if (!url) return '(native or V8)'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const ours = url.match(/\/(service-kit|feed-generator|labeler|appview|lexicons)\/(.*)$/)
  return ours ? `${ours[1]}/${ours[2]}` : url.replace(/^file:\/\//, '')
}
