/**
 * Likeness detection quality and speed: every person in face-api's demo photos (22 faces) is
 * enrolled from a still crop, as likeness.enroll does (SSD, plus the photo mirrored and slightly
 * blurred as variants of the one template); then clips are made of each person under each transform
 * (zoom and pan, crop, colour shift, blur, low-bitrate re-encode, mirrored, plain), plus procedural
 * clips with no face, and each clip is scanned as the labeler's FaceAnalyser does (sampleFrames →
 * the tiny detector on every frame, SSD on up to `fallback` frames where it found nothing → compare
 * with every template). Every clip of a person is also a negative for the 21 others.
 * Prints recall (a person's clip matches that person) and false-match rate (a clip matches someone
 * else) at several distances, recall per transform, and speed: wall-clock videos/s and frames/s,
 * and CPU time per frame and per video, counted for this process (main thread and face workers)
 * and for its ffmpeg children (frame sampling), so that "per core" holds on a shared, loaded machine.
 * Usage: npx tsx bench/likeness.ts [workers=2] [frames=4] [negatives=60] [fallback=2] [clip folder]
 * A clip folder keeps the rendered photos and clips between runs (rendering 214 clips takes minutes
 * on a loaded machine); files already there are used as they are.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { MediaTools, sampleFrames } from '@framewright/service-kit'
import { decodeImage } from '../labeler/src/faces/decode'
import { FaceEngine } from '../labeler/src/faces/engine'
import { enrolmentTemplates } from '../labeler/src/faces/enrolment'
import { DEFAULT_MATCH_DISTANCE, descriptorDistance } from '../labeler/src/faces/match'
import { DESCRIPTOR_LENGTH } from '../labeler/src/faces/templates'
import { DEFAULT_FALLBACK_FRAMES } from '../labeler/src/scan/face-analyser'
import { PEOPLE, TRANSFORMS, faceClip, facePhoto } from '../tests/helpers/faces'

const workers = Number(process.argv[2] ?? 2)
const frameCount = Number(process.argv[3] ?? 4)
const negatives = Number(process.argv[4] ?? 60)
const fallback = Number(process.argv[5] ?? DEFAULT_FALLBACK_FRAMES)
/** The scanner's frame width (Scanner's default). */
const FRAME_WIDTH = 480
const paths = MediaTools.create()
const keep = process.argv[6]
const dir = keep ?? mkdtempSync(join(tmpdir(), 'fw-likeness-'))
if (keep) mkdirSync(keep, { recursive: true })

/** Writes `file` from `render` unless the clip folder already has it. */
async function rendered(file: string, render: () => Promise<Buffer | void>): Promise<void> {
  if (keep && existsSync(file)) return
  const bytes = await render()
  if (bytes) writeFileSync(file, bytes)
}
const engine = new FaceEngine({ workers })

/** CPU seconds of this process (all threads) and of its finished children (ffmpeg), from /proc. */
function cpuSeconds(): { self: number; children: number } {
  const usage = process.cpuUsage()
  // Fields 16 and 17 of /proc/self/stat (after the command name in parentheses): cutime, cstime in clock ticks.
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[13]) + Number(fields[14])
  return { self: (usage.user + usage.system) / 1e6, children: ticks / 100 }
}

try {
  // Enrol everyone from a still photo, as likeness.enroll does.
  const templates: { person: string; descriptor: Float32Array }[] = []
  for (const person of PEOPLE) {
    const file = join(dir, `${person}.jpg`)
    await rendered(file, () => facePhoto(person))
    try {
      for (const t of await enrolmentTemplates(engine, [await decodeImage(file, paths, 640)], 'photo')) {
        for (let i = 0; i < t.length; i += DESCRIPTOR_LENGTH) templates.push({ person, descriptor: t.slice(i, i + DESCRIPTOR_LENGTH) })
      }
    } catch (err) {
      console.log(`enrolment of ${person} refused (${(err as Error).name}), skipped`)
    }
  }
  const enrolled = new Set(templates.map((t) => t.person))

  // Render the clips first: rendering is the benchmark's set-up, not the labeler's work.
  const clips: { file: string; person?: string; transform: string }[] = []
  for (const person of enrolled) {
    for (const transform of TRANSFORMS) {
      const file = join(dir, `${person}-${transform}.mp4`)
      await rendered(file, () => faceClip(person, transform))
      clips.push({ file, person, transform })
    }
  }
  const sources = ['testsrc2', 'mandelbrot', 'life', 'cellauto', 'smptehdbars']
  for (let i = 0; i < negatives; i++) {
    const file = join(dir, `procedural-${i}.mp4`)
    const src = sources[i % sources.length]!
    const extra = src === 'life' || src === 'cellauto' ? `:seed=${i}` : ''
    await rendered(file, async () => {
      await promisify(execFile)(paths.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `${src}=size=360x480:rate=12${extra}`, '-t', '2', '-vf', `hue=h=${i * 7}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-threads', '1', file])
    })
    clips.push({ file, transform: `procedural:${src}` })
  }
  console.log(`${enrolled.size} people enrolled (${templates.length} descriptors); ${clips.length} clips (${clips.length - negatives} of enrolled people over ${TRANSFORMS.length} transforms, ${negatives} procedural)`)

  // Scan: for each clip, the closest distance to each enrolled person over its sampled frames.
  const t0 = performance.now()
  const cpu0 = cpuSeconds()
  let frames = 0
  let ssdFrames = 0
  let done = 0
  const results = await Promise.all(
    Array.from({ length: workers + 1 }, async (_, lane) => {
      const out: { clip: (typeof clips)[number]; closest: Map<string, number> }[] = []
      for (let i = lane; i < clips.length; i += workers + 1) {
        const clip = clips[i]!
        const sampled = await sampleFrames(clip.file, { tools: paths, count: frameCount, width: FRAME_WIDTH })
        frames += sampled.length
        const { faces, detectors } = await engine.detectCascade(sampled, fallback)
        ssdFrames += detectors.filter((d) => d === 'ssd').length
        const closest = new Map<string, number>()
        for (const face of faces.flat()) {
          for (const t of templates) {
            const d = descriptorDistance(face.descriptor, t.descriptor)
            if (d < (closest.get(t.person) ?? Infinity)) closest.set(t.person, d)
          }
        }
        out.push({ clip, closest })
        if (++done % 25 === 0) console.log(`  ${done}/${clips.length} clips scanned`)
      }
      return out
    }),
  ).then((r) => r.flat())
  const seconds = (performance.now() - t0) / 1000
  const cpu1 = cpuSeconds()
  const cpuSelf = cpu1.self - cpu0.self
  const cpuFfmpeg = cpu1.children - cpu0.children
  const cpuAll = cpuSelf + cpuFfmpeg

  const positives = results.filter((r) => r.clip.person)
  console.log('\ndistance  recall   false-match rate (clips matching anyone else)')
  for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6]) {
    const hits = positives.filter((r) => (r.closest.get(r.clip.person!) ?? Infinity) <= threshold).length
    const falses = results.filter((r) => [...r.closest].some(([p, d]) => p !== r.clip.person && d <= threshold)).length
    const mark = threshold === DEFAULT_MATCH_DISTANCE ? '  <- default' : ''
    console.log(`${threshold.toFixed(2)}      ${((100 * hits) / positives.length).toFixed(1).padStart(5)} %  ${((100 * falses) / results.length).toFixed(1).padStart(5)} % (${falses}/${results.length})${mark}`)
  }
  console.log('\nrecall by transform at the default distance:')
  for (const transform of TRANSFORMS) {
    const of = positives.filter((r) => r.clip.transform === transform)
    const hits = of.filter((r) => (r.closest.get(r.clip.person!) ?? Infinity) <= DEFAULT_MATCH_DISTANCE).length
    console.log(`  ${transform.padEnd(12)} ${hits}/${of.length}`)
  }
  const missed = positives.filter((r) => (r.closest.get(r.clip.person!) ?? Infinity) > DEFAULT_MATCH_DISTANCE)
  if (missed.length > 0) console.log(`missed at the default: ${missed.map((r) => `${r.clip.person}/${r.clip.transform} (${(r.closest.get(r.clip.person!) ?? Infinity).toFixed(2)})`).join(', ')}`)
  const falsePairs = results.flatMap((r) => [...r.closest].filter(([p, d]) => p !== r.clip.person && d <= DEFAULT_MATCH_DISTANCE).map(([p, d]) => `${r.clip.person ?? r.clip.transform}→${p} (${d.toFixed(2)})`))
  if (falsePairs.length > 0) console.log(`false matches at the default: ${falsePairs.join(', ')}`)
  console.log(`\n${results.length} videos, ${frames} frames (${(frames / results.length).toFixed(1)} a video; ${ssdFrames} also looked at by SSD) in ${seconds.toFixed(1)} s wall-clock with ${workers} face worker(s):`)
  console.log(`wall-clock: ${(results.length / seconds).toFixed(2)} videos/s, ${(frames / seconds).toFixed(1)} frames/s (a shared machine: see CPU below)`)
  console.log(`CPU: ${cpuSelf.toFixed(1)} s face models and matching + ${cpuFfmpeg.toFixed(1)} s ffmpeg sampling = ${cpuAll.toFixed(1)} s`)
  console.log(`     ${((1000 * cpuAll) / frames).toFixed(0)} ms a frame (${((1000 * cpuSelf) / frames).toFixed(0)} ms without ffmpeg), ${((1000 * cpuAll) / results.length).toFixed(0)} ms a video`)
  console.log(`per core (from CPU time, ffmpeg included): ${(results.length / cpuAll).toFixed(2)} videos/s, ${(frames / cpuAll).toFixed(1)} frames/s`)
} finally {
  await engine.close()
  if (!keep) rmSync(dir, { recursive: true, force: true })
}
