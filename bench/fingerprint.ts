/**
 * How well perceptual fingerprints catch re-encoded copies of known videos, and what they cost.
 * Makes, in a temp folder: procedural renders of many prompts (the built-in provider, offline),
 * ffmpeg test-source clips and clips of the face photos face-api ships (zoom and pan). Half of them
 * become "known" (a moderator took them down); each known one is copied through every transform
 * (re-encoded, resized, cropped, mirrored, colour-shifted, low bitrate, trimmed) and the copies must
 * match it; the other half, never stored, must match nothing. Then: fingerprinting speed, matching
 * speed against thousands of stored fingerprints, and the C2PA read/validate cost per video.
 * Usage: npx tsx bench/fingerprint.ts [prompts=24] [seconds=4]   (about 10 minutes with 24 on two shared cores)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProceduralProvider } from '../appview/src/generation/providers/procedural'
import { C2paSigner, MediaTools, makeOperatorCredentials, probeVideo, readC2pa, runFfmpeg, sampleFrames } from '@framewright/service-kit'
import { fingerprintFrames, knownFrames, knownSampleCount, sampleFingerprintFrames, type FingerprintFrame } from '../labeler/src/fingerprint/fingerprint'
import { DEFAULT_MATCH_OPTIONS, FingerprintIndex } from '../labeler/src/fingerprint/matcher'
import { hammingDistance } from '../labeler/src/fingerprint/phash'

const prompts = Number(process.argv[2] ?? 24)
const seconds = Number(process.argv[3] ?? 4)
const PROBE_FRAMES = 12
const paths = MediaTools.create()
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-fingerprint-'))
const ff = (args: string[]) => runFfmpeg(['-y', ...args], { tools: paths })
const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p']

try {
  // 1. Sources: procedural renders, ffmpeg test sources, face clips.
  let t = performance.now()
  const sources: string[] = []
  const provider = new ProceduralProvider({ workDir: join(dir, 'work'), tools: paths, maxConcurrentRenders: 2 })
  const words = ['harbor', 'neon', 'glacier', 'meadow', 'comet', 'desert', 'violin', 'lantern', 'orchid', 'canyon', 'tide', 'ember']
  const ids = await Promise.all(
    Array.from({ length: prompts }, (_, i) =>
      provider.submit({ prompt: `${words[i % words.length]} at dusk, take ${i}`, seed: i, durationMs: seconds * 1000, aspectRatio: { width: 9, height: 16 }, depicts: [] }),
    ),
  )
  for (const [i, id] of ids.entries()) {
    for (;;) {
      const s = await provider.status(id)
      if (s.state === 'failed') throw new Error(s.error)
      if (s.state === 'succeeded') break
      await new Promise((r) => setTimeout(r, 50))
    }
    const out = join(dir, `procedural-${i}.mp4`)
    await provider.fetchResult(id, out)
    sources.push(out)
  }
  await provider.destroy()
  const lavfi = ['testsrc2', 'mandelbrot', 'life=s=320x240:mold=10:ratio=0.3', 'cellauto=rule=110', 'rgbtestsrc', 'smptehdbars']
  for (const [i, src] of lavfi.entries()) {
    const out = join(dir, `lavfi-${i}.mp4`)
    await ff(['-f', 'lavfi', '-i', `${src.includes('=') ? src : `${src}=s=480x360`}:r=24`, '-t', String(seconds), '-vf', 'scale=480:360,format=yuv420p', ...x264, out])
    sources.push(out)
  }
  const faceDir = 'node_modules/@vladmandic/face-api/demo'
  for (const photo of readdirSync(faceDir).filter((f) => f.endsWith('.jpg'))) {
    const out = join(dir, `face-${photo}.mp4`)
    const frames = seconds * 24
    await ff(['-loop', '1', '-i', join(faceDir, photo), '-vf', `scale=960:-2,zoompan=z='1+0.3*on/${frames}':x='iw/2-(iw/zoom/2)+on':y='ih/2-(ih/zoom/2)':d=${frames}:s=480x640:fps=24`, '-frames:v', String(frames), ...x264, out])
    sources.push(out)
  }
  console.log(`made ${sources.length} source videos (${prompts} procedural, ${lavfi.length} test sources, faces) in ${((performance.now() - t) / 1000).toFixed(1)} s`)

  // 2. Known half and unrelated half (interleaved so each half has every kind).
  const known = sources.filter((_, i) => i % 2 === 0)
  const unrelated = sources.filter((_, i) => i % 2 === 1)
  const index = new FingerprintIndex<string>()
  const knownPrints = new Map<string, FingerprintFrame[]>()
  t = performance.now()
  let storedFrames = 0
  for (const file of known) {
    const probe = await probeVideo(file, paths)
    const frames = knownFrames(await sampleFingerprintFrames(file, { tools: paths, count: knownSampleCount(probe.durationMs) }))
    storedFrames += frames.length
    knownPrints.set(file, frames)
    index.add(file, frames)
  }
  const knownMs = performance.now() - t
  console.log(`stored ${known.length} known fingerprints (${storedFrames} hashes: 4 per frame) in ${(knownMs / 1000).toFixed(1)} s: ${((storedFrames / 4 / knownMs) * 1000).toFixed(0)} frames/s decoded + hashed`)

  // 3. Transformed copies of each known video.
  const transforms: Record<string, string[]> = {
    're-encoded': ['-vf', 'format=yuv420p', '-crf', '30'],
    'resized 50%': ['-vf', 'scale=trunc(iw/4)*2:trunc(ih/4)*2'],
    'cropped 10% centre': ['-vf', 'crop=trunc(iw*0.9/2)*2:trunc(ih*0.9/2)*2'],
    'cropped 10% one side': ['-vf', 'crop=trunc(iw*0.9/2)*2:ih:iw*0.1:0'],
    mirrored: ['-vf', 'hflip'],
    'colour-shifted': ['-vf', 'hue=h=35:s=1.3,eq=brightness=0.06:contrast=1.1'],
    'low bitrate': ['-vf', 'format=yuv420p', '-b:v', '120k', '-maxrate', '120k', '-bufsize', '240k'],
    'trimmed 1 s': ['-ss', '1', '-vf', 'format=yuv420p'],
    'all: crop 5%, mirror, colour, low bitrate': ['-vf', 'crop=trunc(iw*0.95/2)*2:trunc(ih*0.95/2)*2,hflip,hue=h=20,scale=360:-2', '-b:v', '200k'],
  }
  const rows: string[] = []
  const hashedFrames = { n: 0, ms: 0 }
  for (const [name, args] of Object.entries(transforms)) {
    let hits = 0
    const distances: number[] = []
    for (const [k, file] of known.entries()) {
      const out = join(dir, `copy-${k}.mp4`)
      const seek = args[0] === '-ss' ? args.slice(0, 2) : []
      await ff([...seek, '-i', file, ...args.slice(seek.length), ...x264.filter((a) => !args.includes(a)), out])
      const frames = await sampleFrames(out, { tools: paths, count: PROBE_FRAMES, width: 64, pixelFormat: 'gray' })
      const th = performance.now()
      const probe = fingerprintFrames(frames)
      hashedFrames.ms += performance.now() - th
      hashedFrames.n += frames.length
      const matches = index.match(probe)
      if (matches[0]?.key === file) hits += 1
      // Calibration: each probe frame's closest frame in its original (straight or mirrored).
      const original = knownPrints.get(file)!
      for (const [i, f] of probe.frames.entries()) {
        const m = probe.mirrored[i]!
        distances.push(Math.min(...original.map((o) => Math.min(hammingDistance(f, o), hammingDistance(m, o)))))
      }
    }
    distances.sort((a, b) => a - b)
    const pct = (p: number) => distances[Math.min(distances.length - 1, Math.floor(p * distances.length))]
    rows.push(`${name.padEnd(42)} ${String(hits).padStart(3)}/${known.length}  ${((100 * hits) / known.length).toFixed(0).padStart(3)} %   frame distance p50 ${pct(0.5)} p90 ${pct(0.9)}`)
  }
  console.log(`\nmatch rate (probe: ${PROBE_FRAMES} frames; a frame matches within ${DEFAULT_MATCH_OPTIONS.maxDistance} bits; ≥ ${DEFAULT_MATCH_OPTIONS.minFrames} frames and ≥ ${DEFAULT_MATCH_OPTIONS.minFraction * 100}% aligned):`)
  for (const row of rows) console.log(`  ${row}`)

  // 4. Unrelated videos must match nothing (and neither may their transformed copies).
  let falseMatches = 0
  let probes = 0
  const nearest: number[] = []
  for (const [u, file] of unrelated.entries()) {
    for (const args of [[], ...Object.values(transforms).slice(0, 6)]) {
      const out = join(dir, `unrelated-${u}.mp4`)
      await ff(['-i', file, ...args, ...x264.filter((a) => !args.includes(a)), out])
      const probe = fingerprintFrames(await sampleFrames(out, { tools: paths, count: PROBE_FRAMES, width: 64, pixelFormat: 'gray' }))
      probes += 1
      const matches = index.match(probe)
      if (matches.length > 0) {
        falseMatches += 1
        console.log(`  false match: ${file} → ${matches[0]!.key} (${matches[0]!.matchedFrames}/${matches[0]!.probeFrames}, d=${matches[0]!.meanDistance})`)
      }
      for (const f of probe.frames) nearest.push(Math.min(64, ...[...knownPrints.values()].flatMap((k) => k.map((o) => hammingDistance(f, o)))))
    }
  }
  nearest.sort((a, b) => a - b)
  console.log(`\nfalse matches: ${falseMatches} of ${probes} probes of ${unrelated.length} unrelated videos (and 6 transforms of each) = ${((100 * falseMatches) / probes).toFixed(1)} %`)
  console.log(`  unrelated frames' nearest known frame: min ${nearest[0]} bits, p1 ${nearest[Math.floor(nearest.length * 0.01)]}, p50 ${nearest[Math.floor(nearest.length / 2)]}`)
  console.log(`\nhashing only (pHash + mirrored pHash of 64-px grey frames): ${((hashedFrames.n / hashedFrames.ms) * 1000).toFixed(0)} frames/s`)

  // 5. Matching cost against thousands of stored fingerprints (random hashes stand in for the stored videos).
  const big = new FingerprintIndex<number>()
  const rnd = () => (Math.random() * 2 ** 32) >>> 0
  for (let k = 0; k < 5_000; k++) big.add(k, Array.from({ length: 64 }, (_, i) => ({ atMs: Math.floor(i / 4) * 250, hi: rnd(), lo: rnd() })))
  const probe = fingerprintFrames(await sampleFrames(known[0]!, { tools: paths, count: PROBE_FRAMES, width: 64, pixelFormat: 'gray' }))
  t = performance.now()
  const runs = 20
  for (let i = 0; i < runs; i++) big.match(probe)
  console.log(`matching one ${PROBE_FRAMES}-frame probe (+ mirror) against 5,000 stored videos (320,000 hashes: 16 frames × 4 crops each): ${((performance.now() - t) / runs).toFixed(1)} ms`)

  // 6. C2PA: sign a procedural render, then time read + validate.
  const signer = C2paSigner.fromPem(await makeOperatorCredentials('Bench operator'))
  const plain = await readFile(sources[0]!)
  const manifest = {
    claim_generator_info: [{ name: 'bench' }],
    assertions: [{ label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }] } }],
  }
  const signed = await signer.sign(plain, 'video/mp4', manifest)
  await readC2pa(signed) // the first read compiles the wasm
  for (const [label, bytes] of [['signed', signed], ['unsigned', plain]] as const) {
    t = performance.now()
    for (let i = 0; i < 20; i++) await readC2pa(bytes)
    console.log(`C2PA read + validate, ${label} ${(bytes.length / 1e6).toFixed(2)} MB video: ${((performance.now() - t) / 20).toFixed(1)} ms`)
  }
  t = performance.now()
  for (let i = 0; i < 5; i++) await signer.sign(plain, 'video/mp4', manifest)
  console.log(`C2PA sign, ${(plain.length / 1e6).toFixed(2)} MB video: ${((performance.now() - t) / 5).toFixed(1)} ms`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
