/**
 * Colour and motion building blocks for the patterns: cosine palettes, plane waves and a
 * palette-coloured geq field. Everything is integers so the graph string and provenance stay exact.
 */
import { FPS, type Params } from './format'
import type { Dice } from './scene'

/** Integer literal for an expression; parenthesised when negative so it can follow `*` or `+`. */
export function n(value: number): string {
  return value < 0 ? `(${value})` : String(value)
}

/** A cosine palette (a + b·cos(2π(c·t + d)) per channel), all in integers: a, b in 0–255; c, d in thousandths. */
export interface Palette {
  a: number[]
  b: number[]
  c: number
  d: number[]
}

/** A random palette whose frequency c is in [cMin, cMax] thousandths. */
export function rollPalette(dice: Dice, cMin: number, cMax: number): Palette {
  const a = [0, 1, 2].map(() => dice.int(90, 165))
  // b ≤ min(a, 255 − a) keeps every channel inside 0–255 without clipping.
  const b = a.map((ai) => dice.int(60, Math.min(ai, 255 - ai)))
  const d0 = dice.int(0, 999)
  const d = [d0, (d0 + dice.int(80, 420)) % 1000, (d0 + dice.int(180, 640)) % 1000]
  return { a, b, c: dice.int(cMin, cMax), d }
}

/** The palette as provenance parameters. */
export function paletteParams(p: Palette): Params {
  return { paletteA: p.a, paletteB: p.b, paletteC: p.c, paletteD: p.d }
}

/** The palette as expressions of `t` (an expression in 0–1), one per channel r, g, b. */
function paletteExprs(p: Palette, t: string): string[] {
  return [0, 1, 2].map((i) => `${p.a[i]}+${p.b[i]}*cos(2*PI*(${p.c}*(${t})/1000+${p.d[i]}/1000))`)
}

function paletteRgb(p: Palette, tMilli: number): number[] {
  return [0, 1, 2].map((i) => {
    const v = p.a[i]! + p.b[i]! * Math.cos(2 * Math.PI * ((p.c * tMilli) / 1e6 + p.d[i]! / 1000))
    return Math.max(0, Math.min(255, Math.round(v)))
  })
}

/** Palette samples sorted from darkest to brightest. */
export function paletteByLuma(p: Palette): number[][] {
  const luma = ([r, g, b]: number[]) => 299 * r! + 587 * g! + 114 * b!
  return [0, 200, 400, 600, 800].map((t) => paletteRgb(p, t)).sort((x, y) => luma(x) - luma(y))
}

/** An ffmpeg colour (`0xrrggbb`), optionally darkened to scalePercent. */
export function hex(rgb: number[], scalePercent = 100): string {
  return `0x${rgb.map((v) => Math.round((v * scalePercent) / 100).toString(16).padStart(2, '0')).join('')}`
}

export interface Wave {
  fx: number
  fy: number
  speed: number
}

/** A random plane wave; see waveExpr for the units. */
export function rollWave(dice: Dice, freqMin: number, freqMax: number, speedMin: number, speedMax: number): Wave {
  return { fx: dice.signed(0, freqMax), fy: dice.signed(freqMin, freqMax), speed: dice.signed(speedMin, speedMax) }
}

/** sin of a plane wave; frequencies in hundredths of a radian per frame width, speed in milliradians per second. */
export function waveExpr(w: Wave): string {
  return `sin((X*${n(w.fx)}+Y*${n(w.fy)})/W/100+T*${n(w.speed)}/1000)`
}

/** A smooth field t (an expression in 0–1) coloured by a palette. */
export function geqField(width: number, height: number, divisor: number, palette: Palette, t: string): string {
  // geq is costly per pixel: evaluate t once per pixel, in gray at 1/divisor size, then scale up and colour
  // through a 256-entry lookup table.
  const size = `${Math.ceil(width / divisor)}x${Math.ceil(height / divisor)}`
  const [r, g, b] = paletteExprs(palette, 'val/255')
  return `nullsrc=s=${size}:r=${FPS},format=gray,geq=lum=255*${t},scale=${width}:${height}:flags=bicubic,format=rgb24,lutrgb=r=${r}:g=${g}:b=${b}`
}
