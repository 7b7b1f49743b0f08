/**
 * The soundtrack: a short pentatonic arpeggio over a soft drone, synthesised by ffmpeg's aevalsrc.
 * Its own digest (sha256 of model, seed, prompt and a different tag than the pictures') picks the
 * key, tempo and notes, so the pictures of a request do not change when the music does, and the
 * same request always gives the same samples. Only integers reach the expression.
 */
import { createHash } from 'node:crypto'
import { FPS, type Params } from './format'
import { Dice } from './scene'

/** 48 kHz is 2000 samples per frame at 24 fps: the audio ends exactly where the last frame does. */
export const SAMPLE_RATE = 48_000
const STEPS = 8
/** Major pentatonic, in semitones above the root, over two octaves. */
const SCALE = [0, 2, 4, 7, 9, 12, 14, 16, 19, 21]
const FADE_SAMPLES = SAMPLE_RATE / 4

export interface Soundtrack {
  /** A filter chain (a source, so it starts the chain) that ends in the `[a]` label. */
  chain: string
  params: Params
}

/** Plans the soundtrack of a request lasting `frames` frames. */
export function planSoundtrack(model: string, seed: number, prompt: string, frames: number): Soundtrack {
  const dice = new Dice(createHash('sha256').update(JSON.stringify(['framewright-procedural-soundtrack', model, seed, prompt])).digest())
  // Root from A2 (MIDI 45) to G#3 (56); frequencies in hundredths of a hertz.
  const rootMidi = dice.int(45, 56)
  const stepMs = dice.int(180, 420)
  const decay = dice.int(3, 9)
  const notes = Array.from({ length: STEPS }, () => dice.pick(SCALE))
  const centiHz = (midi: number) => Math.round(44_000 * 2 ** ((midi - 69) / 12))
  const melody = notes.map((step, i) => {
    // An octave up for the arpeggio, gated to its step and plucked (exponential decay within the step).
    const f = centiHz(rootMidi + 12 + step)
    return `eq(mod(floor(t*1000/${stepMs}),${STEPS}),${i})*sin(2*PI*${f}*t/100)`
  })
  const pluck = `exp(-${decay}*mod(t*1000,${stepMs})/1000)`
  const drone = `0.12*sin(2*PI*${centiHz(rootMidi)}*t/100)+0.08*sin(2*PI*${centiHz(rootMidi + 7)}*t/100)*(0.6+0.4*sin(2*PI*t/4))`
  const expr = `0.25*(${melody.join('+')})*${pluck}+${drone}`
  const samples = frames * (SAMPLE_RATE / FPS)
  const fade = Math.min(FADE_SAMPLES, Math.floor(samples / 2))
  return {
    // Quoted: the expression's commas are its own, not the graph's.
    chain:
      `aevalsrc=exprs='${expr}':s=${SAMPLE_RATE},atrim=end_sample=${samples}` +
      `,afade=t=in:ns=${fade},afade=t=out:ss=${samples - fade}:ns=${fade}[a]`,
    params: { soundtrack: 1, rootMidi, stepMs, decay, notes },
  }
}
