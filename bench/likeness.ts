/**
 * Likeness detection quality and speed: every person in face-api's demo photos (22 faces) is
 * enrolled from a still crop; then clips are made of each person under each transform (zoom and
 * pan, crop, colour shift, blur, low-bitrate re-encode, mirrored, plain), plus procedural clips with
 * no face, and each clip is scanned as the labeler does (sampleFrames → face engine on worker
 * threads → compare with every template). Prints recall (a person's clip matches that person) and
 * false-match rate (a clip matches someone else) at several distances, and videos/s and frames/s.
 * Usage: npx tsx bench/likeness.ts [workers=2] [frames=4] [negatives=60]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { execFile } from 'node:child_process'
import { defaultFfmpegPaths, sampleFrames } from '@framewright/service-kit'
import { decodeImage } from '../labeler/src/faces/decode'
import { FaceEngine } from '../labeler/src/faces/engine'
import { DEFAULT_MATCH_DISTANCE, descriptorDistance } from '../labeler/src/faces/match'
import { PEOPLE, TRANSFORMS, faceClip, facePhoto } from '../tests/helpers/faces'

const workers = Number(process.argv[2] ?? 2)
const frameCount = Number(process.argv[3] ?? 4)
const negatives = Number(process.argv[4] ?? 60)
const paths = defaultFfmpegPaths()
const dir = mkdtempSync(join(tmpdir(), 'fw-likeness-'))
const engine = new FaceEngine({ workers })

try {
  // Enrol everyone from a still photo, as likeness.enroll does.
  const templates: { person: string; descriptor: Float32Array }[] = []
  for (const person of PEOPLE) {
    const file = join(dir, `${person}.jpg`)
    writeFileSync(file, await facePhoto(person))
    const [faces] = await engine.detect([await decodeImage(file, paths, 640)])
    if (faces!.length !== 1) console.log(`enrolment of ${person}: ${faces!.length} faces, skipped`)
    else templates.push({ person, descriptor: faces![0]!.descriptor })
  }
  const enrolled = new Set(templates.map((t) => t.person))

  // Render the clips first: rendering is the benchmark's set-up, not the labeler's work.
  const clips: { file: string; person?: string; transform: string }[] = []
  for (const person of enrolled) {
    for (const transform of TRANSFORMS) {
      const file = join(dir, `${person}-${transform}.mp4`)
      writeFileSync(file, await faceClip(person, transform))
      clips.push({ file, person, transform })
    }
  }
  const sources = ['testsrc2', 'mandelbrot', 'life', 'cellauto', 'smptehdbars']
  for (let i = 0; i < negatives; i++) {
    const file = join(dir, `procedural-${i}.mp4`)
    const src = sources[i % sources.length]!
    const size = src === 'mandelbrot' || src === 'life' || src === 'cellauto' ? `size=360x480:rate=12` : `size=360x480:rate=12`
    const extra = src === 'life' ? `:seed=${i}` : src === 'cellauto' ? `:seed=${i}` : ''
    await promisify(execFile)(paths.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `${src}=${size}${extra}`, '-t', '2', '-vf', `hue=h=${i * 7}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-threads', '1', file])
    clips.push({ file, transform: `procedural:${src}` })
  }
  console.log(`${templates.length} people enrolled; ${clips.length} clips (${clips.length - negatives} of enrolled people over ${TRANSFORMS.length} transforms, ${negatives} procedural)`)

  // Scan: for each clip, the closest distance to each enrolled person over its sampled frames.
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  let frames = 0
  let done = 0
  const results = await Promise.all(
    Array.from({ length: workers + 1 }, async (_, lane) => {
      const out: { clip: (typeof clips)[number]; closest: Map<string, number> }[] = []
      for (let i = lane; i < clips.length; i += workers + 1) {
        const clip = clips[i]!
        const sampled = await sampleFrames(clip.file, { paths, count: frameCount, width: 480 })
        frames += sampled.length
        const faces = await engine.detect(sampled)
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
  // This process's CPU (main thread and the face workers; ffmpeg's sampling runs in child processes and
  // is left out): on a shared, loaded machine, videos per CPU-second is the figure that says "per core".
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6

  const positives = results.filter((r) => r.clip.person)
  console.log('\ndistance  recall   false-match rate (clips matching anyone else)')
  for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6]) {
    const hits = positives.filter((r) => (r.closest.get(r.clip.person!) ?? Infinity) <= threshold).length
    const falses = results.filter((r) => [...r.closest].some(([p, d]) => p !== r.clip.person && d <= threshold)).length
    const mark = threshold === DEFAULT_MATCH_DISTANCE ? '  <- default' : ''
    console.log(`${threshold.toFixed(2)}      ${((100 * hits) / positives.length).toFixed(1).padStart(5)} %  ${((100 * falses) / results.length).toFixed(1).padStart(5)} %${mark}`)
  }
  console.log('\nrecall by transform at the default distance:')
  for (const transform of TRANSFORMS) {
    const of = positives.filter((r) => r.clip.transform === transform)
    const hits = of.filter((r) => (r.closest.get(r.clip.person!) ?? Infinity) <= DEFAULT_MATCH_DISTANCE).length
    console.log(`  ${transform.padEnd(12)} ${hits}/${of.length}`)
  }
  const falsePairs = results.flatMap((r) => [...r.closest].filter(([p, d]) => p !== r.clip.person && d <= DEFAULT_MATCH_DISTANCE).map(([p, d]) => `${r.clip.person ?? r.clip.transform}→${p} (${d.toFixed(2)})`))
  if (falsePairs.length > 0) console.log(`false matches at the default: ${falsePairs.join(', ')}`)
  console.log(`\n${results.length} videos, ${frames} frames in ${seconds.toFixed(1)} s with ${workers} face worker(s):`)
  console.log(`${(results.length / seconds).toFixed(2)} videos/s (${(results.length / seconds / workers).toFixed(2)} per worker), ${(frames / seconds).toFixed(1)} frames/s`)
  console.log(`CPU: ${cpuSeconds.toFixed(1)} s in this process, ${((1000 * cpuSeconds) / frames).toFixed(0)} ms a frame, ${(results.length / cpuSeconds).toFixed(2)} videos per CPU-second (ffmpeg's sampling not counted)`)
} finally {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}
