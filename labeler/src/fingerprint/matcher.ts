/**
 * Matching a video's fingerprint against the fingerprints of known videos. A probe frame matches a
 * known frame within `maxDistance` bits; the frames of a real copy match at one consistent time
 * offset (the copy may be trimmed, not shuffled), so a known video matches when at least
 * `minFrames` probe frames — and `minFraction` of them — line up at the same offset. The mirrored
 * probe is tried too, so a flipped copy matches as well as a straight one.
 */
import type { FingerprintFrame, VideoFingerprint } from './fingerprint'

export interface MatchOptions {
  /** Largest Hamming distance (of 64 bits) at which two frames count as the same picture. */
  maxDistance: number
  /** At least this many probe frames must match… */
  minFrames: number
  /** …and at least this share of the probe's frames. */
  minFraction: number
  /** How far matched frames' time offsets may stray from the common offset. */
  offsetToleranceMs: number
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { maxDistance: 12, minFrames: 3, minFraction: 0.5, offsetToleranceMs: 750 }

/** How a probe matched one known video. */
export interface FingerprintMatch<K> {
  key: K
  /** Probe frames that matched at the common offset, and how many the probe had. */
  matchedFrames: number
  probeFrames: number
  /** Mean bit distance of the matched frames (0 = identical thumbnails). */
  meanDistance: number
  /** Where the probe starts in the known video (known time − probe time), in ms. */
  offsetMs: number
  /** The match is with the mirror image. */
  mirrored: boolean
}

/**
 * Known fingerprints, kept packed in typed arrays so that a probe is compared with every known frame
 * in one tight loop: 16 probe hashes against 250,000 known frames take tens of milliseconds (see
 * bench/fingerprint.ts), so thousands of known videos need no index beyond this.
 */
export class FingerprintIndex<K> {
  private hi = new Uint32Array(1024)
  private lo = new Uint32Array(1024)
  private at = new Float64Array(1024)
  private owner = new Int32Array(1024)
  private size = 0
  private readonly keys: (K | undefined)[] = []
  private readonly slotOf = new Map<K, number>()
  private live = 0

  /** How many known videos it holds. */
  get count(): number {
    return this.live
  }

  /** Adds (or replaces) a known video's frames. */
  add(key: K, frames: readonly FingerprintFrame[]): void {
    this.remove(key)
    const slot = this.keys.length
    this.keys.push(key)
    this.slotOf.set(key, slot)
    this.live += 1
    this.reserve(this.size + frames.length)
    for (const f of frames) {
      this.hi[this.size] = f.hi
      this.lo[this.size] = f.lo
      this.at[this.size] = f.atMs
      this.owner[this.size] = slot
      this.size += 1
    }
  }

  /** Forgets a known video (its frames are compacted away). */
  remove(key: K): void {
    const slot = this.slotOf.get(key)
    if (slot === undefined) return
    this.slotOf.delete(key)
    this.keys[slot] = undefined
    this.live -= 1
    let w = 0
    for (let r = 0; r < this.size; r++) {
      if (this.owner[r] === slot) continue
      this.hi[w] = this.hi[r]!
      this.lo[w] = this.lo[r]!
      this.at[w] = this.at[r]!
      this.owner[w] = this.owner[r]!
      w += 1
    }
    this.size = w
  }

  /** Every known video the probe matches, best first. */
  match(probe: VideoFingerprint, opts: MatchOptions = DEFAULT_MATCH_OPTIONS): FingerprintMatch<K>[] {
    const best = new Map<number, FingerprintMatch<K>>()
    for (const [frames, mirrored] of [[probe.frames, false], [probe.mirrored, true]] as const) {
      for (const m of this.matchFrames(frames, mirrored, opts)) {
        const slot = this.slotOf.get(m.key)!
        const prior = best.get(slot)
        if (!prior || better(m, prior)) best.set(slot, m)
      }
    }
    return [...best.values()].sort((a, b) => (better(a, b) ? -1 : 1))
  }

  private matchFrames(frames: readonly FingerprintFrame[], mirrored: boolean, opts: MatchOptions): FingerprintMatch<K>[] {
    if (frames.length === 0) return []
    // Per known video: for each probe frame, the (offset, distance) of every known frame close enough.
    const hits = new Map<number, { probe: number; offset: number; distance: number }[]>()
    for (let p = 0; p < frames.length; p++) {
      const f = frames[p]!
      for (let i = 0; i < this.size; i++) {
        const d = popcount((this.hi[i]! ^ f.hi) >>> 0) + popcount((this.lo[i]! ^ f.lo) >>> 0)
        if (d > opts.maxDistance) continue
        const slot = this.owner[i]!
        let list = hits.get(slot)
        if (!list) hits.set(slot, (list = []))
        list.push({ probe: p, offset: this.at[i]! - f.atMs, distance: d })
      }
    }
    const needed = Math.max(opts.minFrames, Math.ceil(opts.minFraction * frames.length))
    const out: FingerprintMatch<K>[] = []
    for (const [slot, list] of hits) {
      if (new Set(list.map((h) => h.probe)).size < needed) continue
      const aligned = alignedFrames(list, opts.offsetToleranceMs)
      if (aligned.matched < needed) continue
      out.push({
        key: this.keys[slot]!,
        matchedFrames: aligned.matched,
        probeFrames: frames.length,
        meanDistance: Math.round(aligned.meanDistance * 10) / 10,
        offsetMs: Math.round(aligned.offset),
        mirrored,
      })
    }
    return out
  }

  private reserve(n: number): void {
    if (n <= this.hi.length) return
    const cap = Math.max(n, this.hi.length * 2)
    const grow = <T extends Uint32Array | Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap)
      b.set(a.subarray(0, this.size) as never)
      return b
    }
    this.hi = grow(this.hi, (c) => new Uint32Array(c))
    this.lo = grow(this.lo, (c) => new Uint32Array(c))
    this.at = grow(this.at, (c) => new Float64Array(c))
    this.owner = grow(this.owner, (c) => new Int32Array(c))
  }
}

/**
 * The offset most probe frames agree on, and how many distinct probe frames match at it (each with
 * its closest frame near that offset).
 */
function alignedFrames(hits: { probe: number; offset: number; distance: number }[], tolerance: number) {
  let best = { matched: 0, meanDistance: 0, offset: 0 }
  for (const anchor of hits) {
    const byProbe = new Map<number, number>()
    for (const h of hits) {
      if (Math.abs(h.offset - anchor.offset) > tolerance) continue
      byProbe.set(h.probe, Math.min(byProbe.get(h.probe) ?? 64, h.distance))
    }
    const matched = byProbe.size
    const meanDistance = [...byProbe.values()].reduce((a, b) => a + b, 0) / matched
    if (matched > best.matched || (matched === best.matched && meanDistance < best.meanDistance)) {
      best = { matched, meanDistance, offset: anchor.offset }
    }
  }
  return best
}

function better<K>(a: FingerprintMatch<K>, b: FingerprintMatch<K>): boolean {
  const fa = a.matchedFrames / a.probeFrames
  const fb = b.matchedFrames / b.probeFrames
  return fa !== fb ? fa > fb : a.meanDistance < b.meanDistance
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}
