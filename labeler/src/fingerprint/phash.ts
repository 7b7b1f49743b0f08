/**
 * A perceptual hash of one frame: the signs of its lowest 8×8 DCT frequencies against their median,
 * on a 32×32 grey thumbnail (the classic pHash). Re-encoding, resizing and colour or brightness
 * shifts barely move those frequencies; a mirrored frame is hashed by mirroring the thumbnail.
 * 64 bits, kept as two unsigned 32-bit halves so that distances are two popcounts.
 */

/** Side of the thumbnail the DCT runs on. */
const SIZE = 32
/** Side of the block of low frequencies kept. */
const LOW = 8
/**
 * Below this mean AC magnitude (on 0–255 pixels) a frame is flat — black, a fade, one colour — and
 * its bits are noise that would match any other flat frame: such frames are left out of matching.
 */
const FLAT_ENERGY = 1.5
/**
 * A coefficient this close above the median (as a share of the mean |AC|) hashes as 0, like one below
 * it. Smooth pictures (gradients, test cards) have most coefficients at zero and the median among
 * them, so their bits were codec noise: a re-encoded gradient landed 12 bits from its original. The
 * dead zone makes those bits agree; for detailed frames few coefficients fall in it.
 */
const DEAD_ZONE = 0.02

export interface FrameHash {
  hi: number
  lo: number
  /** A frame with too little structure to hash meaningfully. */
  flat: boolean
}

/** Pixels as a grey image: `channels` 1 (grey) or 3 (rgb24), row-major. */
export interface GreyInput {
  width: number
  height: number
  channels: 1 | 3
  data: Uint8Array
}

/** Which part of the frame to hash, as fractions of its sides (the whole frame by default). */
export interface Region {
  left: number
  top: number
  right: number
  bottom: number
}

const WHOLE: Region = { left: 0, top: 0, right: 1, bottom: 1 }

/** The 32×32 grey thumbnail of a region of a frame (box filter), optionally mirrored left to right. */
export function thumbnail(frame: GreyInput, mirror = false, region: Region = WHOLE): Float64Array {
  const { channels, data } = frame
  const ox = Math.round(region.left * frame.width)
  const oy = Math.round(region.top * frame.height)
  const width = Math.max(1, Math.round(region.right * frame.width) - ox)
  const height = Math.max(1, Math.round(region.bottom * frame.height) - oy)
  const stride = frame.width
  const out = new Float64Array(SIZE * SIZE)
  for (let ty = 0; ty < SIZE; ty++) {
    const y0 = oy + Math.floor((ty * height) / SIZE)
    const y1 = Math.max(y0 + 1, oy + Math.floor(((ty + 1) * height) / SIZE))
    for (let tx = 0; tx < SIZE; tx++) {
      const x0 = ox + Math.floor((tx * width) / SIZE)
      const x1 = Math.max(x0 + 1, ox + Math.floor(((tx + 1) * width) / SIZE))
      let sum = 0
      for (let y = y0; y < y1; y++) {
        let i = (y * stride + x0) * channels
        for (let x = x0; x < x1; x++, i += channels) {
          // Rec. 601 luma, the same weights ffmpeg's gray conversion uses.
          sum += channels === 1 ? data[i]! : 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!
        }
      }
      out[ty * SIZE + (mirror ? SIZE - 1 - tx : tx)] = sum / ((y1 - y0) * (x1 - x0))
    }
  }
  return out
}

// cos((2x+1)uπ/2N) for the first LOW frequencies, computed once.
const COS = (() => {
  const table = new Float64Array(LOW * SIZE)
  for (let u = 0; u < LOW; u++) for (let x = 0; x < SIZE; x++) table[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))
  return table
})()

/** The 64-bit pHash of a frame, or of its mirror image, or of a region of it. */
export function frameHash(frame: GreyInput, mirror = false, region: Region = WHOLE): FrameHash {
  const pixels = thumbnail(frame, mirror, region)
  // Separable DCT, low frequencies only: rows first (32 rows × 8), then columns (8 × 8).
  const rows = new Float64Array(SIZE * LOW)
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0
      for (let x = 0; x < SIZE; x++) s += pixels[y * SIZE + x]! * COS[u * SIZE + x]!
      rows[y * LOW + u] = s
    }
  }
  const coeffs = new Float64Array(LOW * LOW)
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0
      for (let y = 0; y < SIZE; y++) s += rows[y * LOW + u]! * COS[v * SIZE + y]!
      coeffs[v * LOW + u] = s
    }
  }
  // The DC term only says how bright the frame is: compare the rest to their median.
  const ac = Array.from(coeffs.subarray(1))
  const sorted = [...ac].sort((a, b) => a - b)
  const median = (sorted[31]! + sorted[32]!) / 2
  const meanAc = ac.reduce((n, c) => n + Math.abs(c), 0) / ac.length
  const threshold = median + DEAD_ZONE * meanAc
  let hi = 0
  let lo = 0
  for (let i = 0; i < 64; i++) {
    const bit = i === 0 ? 0 : coeffs[i]! > threshold ? 1 : 0
    if (i < 32) hi = (hi | (bit << (31 - i))) >>> 0
    else lo = (lo | (bit << (63 - i))) >>> 0
  }
  // Orthonormal scale for a 32-point DCT in both directions is 2/32; mean |AC| in pixel units.
  const energy = meanAc * (2 / SIZE)
  return { hi, lo, flat: energy < FLAT_ENERGY }
}

/** Number of differing bits between two hashes (0–64). */
export function hammingDistance(a: { hi: number; lo: number }, b: { hi: number; lo: number }): number {
  return popcount((a.hi ^ b.hi) >>> 0) + popcount((a.lo ^ b.lo) >>> 0)
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

/** A hash as 16 hex digits (how it is stored and shown in evidence). */
export function hashToHex(h: { hi: number; lo: number }): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0')
}

/** The inverse of hashToHex. */
export function hashFromHex(hex: string): { hi: number; lo: number } {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new RangeError(`not a 64-bit hash in hex: ${hex}`)
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 }
}
