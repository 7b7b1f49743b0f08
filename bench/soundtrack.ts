/**
 * What the procedural soundtrack costs: renders the same scenes with and without their audio
 * (the same ffmpeg arguments, the audio map and encoder taken out) and prints render time and file
 * size for each, then how long probing a file for an audio track takes (the appview does it once
 * per blob).
 * Usage: npx tsx bench/soundtrack.ts [scenes=6] [seconds=4]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MediaTools, probeVideo, runFfmpeg } from '@framewright/service-kit'
import { PART_FILE } from '../appview/src/generation/providers/procedural/format'
import { planScene, renderArgs } from '../appview/src/generation/providers/procedural/scene'

const scenes = Number(process.argv[2] ?? 6)
const seconds = Number(process.argv[3] ?? 4)
const paths = MediaTools.create()
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-soundtrack-'))

/** The render's arguments without the soundtrack: its graph branch, map and encoder options. */
function silentArgs(args: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const [a, b] = [args[i]!, args[i + 1]]
    if (a === '-map' && b === '[a]') i++
    else if (a === '-c:a' || a === '-b:a' || a === '-flags:a') i++
    else if (a === '-filter_complex') {
      out.push(a, b!.slice(0, b!.lastIndexOf(';aevalsrc')))
      i++
    } else out.push(a)
  }
  return out
}

try {
  const rows: { withMs: number; withoutMs: number; withBytes: number; withoutBytes: number; probeMs: number }[] = []
  for (let i = 0; i < scenes; i++) {
    const scene = planScene({ prompt: `bench soundtrack ${i}`, seed: i, durationMs: seconds * 1000, aspectRatio: { width: 9, height: 16 }, depicts: [] }, 'framewright-procedural-1', null)
    const row = { withMs: 0, withoutMs: 0, withBytes: 0, withoutBytes: 0, probeMs: 0 }
    for (const variant of ['with', 'without'] as const) {
      const cwd = join(dir, `${i}-${variant}`)
      mkdirSync(cwd)
      const args = variant === 'with' ? renderArgs(scene) : silentArgs(renderArgs(scene))
      const t = performance.now()
      await runFfmpeg(args, { tools: paths, cwd })
      row[`${variant}Ms`] = performance.now() - t
      row[`${variant}Bytes`] = statSync(join(cwd, PART_FILE)).size
      if (variant === 'with') {
        const p = performance.now()
        const probe = await probeVideo(join(cwd, PART_FILE), paths)
        row.probeMs = performance.now() - p
        if (!probe.hasAudio) throw new Error('the render has no audio track')
      }
    }
    rows.push(row)
    console.log(`scene ${i} (${scene.params.pattern}): ${row.withoutMs.toFixed(0)} ms silent, ${row.withMs.toFixed(0)} ms with sound; ${row.withoutBytes} → ${row.withBytes} bytes`)
  }
  const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length
  console.log(`\n${scenes} scenes of ${seconds} s:`)
  console.log(`  render time   silent ${mean((r) => r.withoutMs).toFixed(0)} ms, with soundtrack ${mean((r) => r.withMs).toFixed(0)} ms (${((mean((r) => r.withMs) / mean((r) => r.withoutMs) - 1) * 100).toFixed(1)} %)`)
  console.log(`  file size     silent ${mean((r) => r.withoutBytes).toFixed(0)} B, with soundtrack ${mean((r) => r.withBytes).toFixed(0)} B (+${mean((r) => r.withBytes - r.withoutBytes).toFixed(0)} B)`)
  console.log(`  audio probe   ${mean((r) => r.probeMs).toFixed(0)} ms per file`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
