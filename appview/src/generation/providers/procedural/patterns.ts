/**
 * The pattern planners: each turns dice rolls into a lavfi filter chain and the integer parameters
 * that describe it. Only integers and fixed words reach the chain, so nothing needs escaping.
 */
import { FPS, type Params } from './format'
import { geqField, hex, n, paletteByLuma, paletteParams, rollPalette, rollWave, waveExpr } from './palette'
import type { Dice } from './scene'

export interface Pattern {
  /** A filter chain that ends in width × height frames at FPS. */
  chain: string
  params: Params
}

export type PatternPlanner = (dice: Dice, width: number, height: number, frames: number) => Pattern

/** Every pattern by name; the scene planner picks one by index, so keep this order. */
export const PATTERNS: Record<string, PatternPlanner> = {
  plasma: planPlasma,
  aurora: planAurora,
  mandelbrot: planMandelbrot,
  life: planLife,
  cellauto: planCellauto,
}

/** Classic plasma: a sum of sines and a ring around a wandering centre. */
function planPlasma(dice: Dice, width: number, height: number): Pattern {
  const palette = rollPalette(dice, 900, 1800)
  const waves = [1, 2, 3].map(() => rollWave(dice, 300, 1400, 300, 1600))
  const ring = {
    cx: dice.int(200, 800),
    cy: dice.int(200, 800),
    k: dice.int(800, 2400),
    speed: dice.signed(500, 2000),
    orbit: dice.int(50, 250),
    orbitSpeed: dice.signed(200, 900),
  }
  const ringExpr =
    `sin(sqrt((X/W-${ring.cx}/1000-${ring.orbit}*sin(T*${n(ring.orbitSpeed)}/1000)/1000)^2` +
    `+((Y-H*${ring.cy}/1000)/W-${ring.orbit}*cos(T*${n(ring.orbitSpeed)}/1000)/1000)^2)*${ring.k}/100+T*${n(ring.speed)}/1000)`
  // No st()/ld() variables: this geq build shares them between slice threads, which garbles pixels.
  const sum = `(${[...waves.map(waveExpr), ringExpr].join('+')}+4)/8`
  return {
    chain: geqField(width, height, 4, palette, sum),
    params: {
      ...paletteParams(palette),
      waves: waves.flatMap((w) => [w.fx, w.fy, w.speed]),
      ring: [ring.cx, ring.cy, ring.k, ring.speed, ring.orbit, ring.orbitSpeed],
    },
  }
}

/** Slow, soft colour fields: three low-frequency waves, blurred. */
function planAurora(dice: Dice, width: number, height: number): Pattern {
  const palette = rollPalette(dice, 450, 900)
  const waves = [rollWave(dice, 150, 600, 200, 900), rollWave(dice, 150, 600, 200, 900), rollWave(dice, 100, 300, 100, 500)]
  const sum = `(${waves.map(waveExpr).join('+')}+3)/6`
  return {
    chain: `${geqField(width, height, 8, palette, sum)},gblur=sigma=${Math.round(width / 60)}`,
    params: { ...paletteParams(palette), waves: waves.flatMap((w) => [w.fx, w.fy, w.speed]) },
  }
}

// Boundary points (in billionths) that stay detailed through a 20–150× zoom, far enough apart that
// their zooms look different from the first frame.
const MANDELBROT_POINTS = [
  [-743643887, 131825904],
  [292575500, -14997700],
  [-88000000, 654000000],
  [-761574000, -84759600],
  [-1250660000, 20120000],
  [-160701350, 1037566500],
  [-1749759145, 0],
  [432539868, 226118676],
  [-235125000, 827215000],
  [375000120, -216639388],
  [-101096364, 956286511],
] as const

/**
 * A Mandelbrot zoom towards one of a few boundary points, its colours turned by a slowly moving hue,
 * the whole view turned by one of twelve angles, inwards or outwards. Two zooms to the same point
 * otherwise differ only in colours and pace, which is exactly what a colour-shifted copy looks like to
 * a perceptual fingerprint (the labeler's known-copy matching took such unrelated renders for copies
 * of each other); the angle and direction make their pictures differ in structure, not just colour.
 */
function planMandelbrot(dice: Dice, width: number, height: number, frames: number): Pattern {
  const point = dice.int(0, MANDELBROT_POINTS.length - 1)
  const [x, y] = MANDELBROT_POINTS[point]!
  const maxIter = dice.int(160, 320)
  const inner = dice.pick(['mincol', 'period', 'convergence'])
  const startScale = dice.int(1500, 3000)
  const zoom = dice.int(20, 150)
  const hue = dice.int(0, 359)
  const hueSpeed = dice.signed(0, 40)
  const saturation = dice.int(80, 140)
  // Whole steps of 30°: two zooms to one point are either turned alike or clearly apart (a 10° turn
  // still fingerprints alike, 20° no longer does).
  const angle = 30 * dice.int(0, 11)
  // Render the box the turned frame fits in (plus a pixel of slack on each side for interpolation), at
  // the same scale per pixel, then turn it and keep the middle: no empty corners.
  const rad = (angle * Math.PI) / 180
  const [cos, sin] = [Math.abs(Math.cos(rad)), Math.abs(Math.sin(rad))]
  const renderWidth = 2 * Math.ceil((width * cos + height * sin) / 2) + 2
  const renderHeight = 2 * Math.ceil((width * sin + height * cos) / 2) + 2
  // Half the zooms run outwards, from the detail to the overview: the same pictures in reverse never
  // line up in time with a zoom inwards.
  const outward = dice.int(0, 1)
  // The set's scale is the width of the view: a wider render keeps the pixel scale of the frame.
  const scale = `${startScale}*${renderWidth}/${width}/1000`
  const [first, last] = outward ? [`${scale}/${zoom}`, scale] : [scale, `${scale}/${zoom}`]
  return {
    chain:
      `mandelbrot=s=${renderWidth}x${renderHeight}:r=${FPS}:maxiter=${maxIter}:inner=${inner}` +
      `:start_x=${n(x)}/1000000000:start_y=${n(y)}/1000000000` +
      `:start_scale=${first}:end_scale=${last}:end_pts=${frames}` +
      `,rotate=a=${angle}*PI/180:ow=${width}:oh=${height}` +
      `,hue=h=${hue}+t*${n(hueSpeed)}:s=${saturation}/100`,
    params: { point, x, y, maxIter, inner, startScale, zoom, hue, hueSpeed, saturation, angle, outward, renderWidth, renderHeight },
  }
}

const LIFE_RULES = ['B3/S23', 'B36/S23', 'B3678/S34678', 'B368/S245', 'B34/S34', 'B35678/S5678']

/** Game of Life (or a cousin) in big pixels, with fading trails and a soft glow. */
function planLife(dice: Dice, width: number, height: number): Pattern {
  const palette = rollPalette(dice, 700, 1300)
  const [darkest, , middle, , brightest] = paletteByLuma(palette)
  const cell = dice.pick([4, 6, 8])
  const rule = dice.pick(LIFE_RULES)
  const rate = dice.pick([8, 12])
  const fill = dice.int(150, 450)
  const seed = dice.int(0, 0x7fffffff)
  const mold = dice.int(4, 24)
  // Random soup is ugly; skip its first generations.
  const skip = dice.int(8, 40)
  const glow = dice.int(3, 8)
  const grid = `${Math.ceil(width / cell)}x${Math.ceil(height / cell)}`
  return {
    chain:
      `life=s=${grid}:r=${rate}:rule=${rule}:ratio=${fill}/1000:seed=${seed}:mold=${mold}` +
      `:life_color=${hex(brightest!)}:death_color=${hex(middle!)}:mold_color=${hex(darkest!, 30)}` +
      `,trim=start_frame=${skip},setpts=PTS-STARTPTS,fps=${FPS},${bigPixels(cell, width, height)}` +
      // Screen blending is only colour-neutral in RGB; in YUV it tints everything magenta.
      `,format=gbrp,split[lifea][lifeb];[lifeb]gblur=sigma=${glow}[lifeglow];[lifea][lifeglow]blend=all_mode=screen`,
    params: { ...paletteParams(palette), cell, rule, rate, fill, seed, mold, skip, glow },
  }
}

/** Scales a grid of cells up by a whole factor (crisp square cells) and trims the overhang. */
function bigPixels(cell: number, width: number, height: number): string {
  return `scale=iw*${cell}:ih*${cell}:flags=neighbor,crop=${width}:${height}:0:0`
}

const CELLAUTO_RULES = [18, 22, 30, 45, 54, 60, 73, 90, 105, 110, 122, 126, 137, 150, 182, 225]

/** An elementary cellular automaton scrolling by in two colours whose hue drifts. */
function planCellauto(dice: Dice, width: number, height: number): Pattern {
  const palette = rollPalette(dice, 700, 1300)
  const shades = paletteByLuma(palette)
  const [back, front] = [shades[0]!.map((v) => Math.round(v * 0.4)), shades[4]!]
  const cell = dice.pick([3, 4, 5, 6])
  const rule = dice.pick(CELLAUTO_RULES)
  const rate = dice.pick([12, 24])
  const fill = dice.int(200, 800)
  const seed = dice.int(0, 0x7fffffff)
  const hueSpeed = dice.signed(5, 45)
  // cellauto draws 0/255; map them onto the two colours linearly (no commas needed in the graph).
  const lut = ['r', 'g', 'b'].map((c, i) => `${c}=${back[i]}+val*${n(front[i]! - back[i]!)}/255`).join(':')
  const grid = `${Math.ceil(width / cell)}x${Math.ceil(height / cell)}`
  return {
    chain:
      `cellauto=s=${grid}:r=${rate}:rule=${rule}:ratio=${fill}/1000:seed=${seed}:full=1:scroll=1` +
      `,format=rgb24,lutrgb=${lut},fps=${FPS},${bigPixels(cell, width, height)},hue=h=t*${n(hueSpeed)}`,
    params: { ...paletteParams(palette), cell, rule, rate, fill, seed, hueSpeed, back, front },
  }
}
