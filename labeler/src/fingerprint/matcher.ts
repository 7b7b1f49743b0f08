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

/** One known video's hashes, packed. */
interface KnownEntry<K> {
  key: K
  hi: Uint32Array
  lo: Uint32Array
  at: Float64Array
  /** The band keys it is filed under (to unfile it). */
  bands: number[]
}


/** The four 16-bit bands of a hash, each tagged with its position: keys of the band index. */
function bandKeys(hi: number, lo: number): number[] {
  return [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff].map((v, band) => band * 0x10000 + v)
}

/**
 * Known fingerprints, filed by hash bands: a probe frame within a few bits of a known frame very
 * likely agrees with it exactly on one of its four 16-bit quarters, and a copy brings many such
 * pairs (every probe frame, straight and mirrored, against each stored frame and its crops), so
 * looking up the probe's quarters finds the candidate videos without reading the others; only those
 * are compared bit for bit. An unrelated hash shares a given quarter once in 65,536.
 */
export class FingerprintIndex<K> {
  private readonly entries = new Map<number, KnownEntry<K>>()
  private readonly slotOf = new Map<K, number>()
  private readonly bands = new Map<number, Set<number>>()
  private nextSlot = 0

  /** How many known videos it holds. */
  get count(): number {
    return this.entries.size
  }

  /** Adds (or replaces) a known video's frames. */
  add(key: K, frames: readonly FingerprintFrame[]): void {
    this.remove(key)
    const slot = this.nextSlot++
    const entry: KnownEntry<K> = {
      key,
      hi: Uint32Array.from(frames, (f) => f.hi),
      lo: Uint32Array.from(frames, (f) => f.lo),
      at: Float64Array.from(frames, (f) => f.atMs),
      bands: [],
    }
    const filed = new Set<number>()
    for (const f of frames) for (const band of bandKeys(f.hi, f.lo)) filed.add(band)
    for (const band of filed) {
      let slots = this.bands.get(band)
      if (!slots) this.bands.set(band, (slots = new Set()))
      slots.add(slot)
    }
    entry.bands = [...filed]
    this.entries.set(slot, entry)
    this.slotOf.set(key, slot)
  }

  /** Forgets a known video. */
  remove(key: K): void {
    const slot = this.slotOf.get(key)
    if (slot === undefined) return
    const entry = this.entries.get(slot)!
    for (const band of entry.bands) {
      const slots = this.bands.get(band)!
      slots.delete(slot)
      if (slots.size === 0) this.bands.delete(band)
    }
    this.entries.delete(slot)
    this.slotOf.delete(key)
  }

  /** Every known video the probe matches, best first. */
  match(probe: VideoFingerprint, opts: MatchOptions = DEFAULT_MATCH_OPTIONS): FingerprintMatch<K>[] {
    const candidates = new Set<number>()
    for (const f of [...probe.frames, ...probe.mirrored]) {
      for (const band of bandKeys(f.hi, f.lo)) for (const slot of this.bands.get(band) ?? []) candidates.add(slot)
    }
    const out: FingerprintMatch<K>[] = []
    for (const slot of candidates) {
      const entry = this.entries.get(slot)!
      const straight = compare(entry, probe.frames, false, opts)
      const flipped = compare(entry, probe.mirrored, true, opts)
      const best = straight && flipped ? (better(flipped, straight) ? flipped : straight) : (straight ?? flipped)
      if (best) out.push(best)
    }
    return out.sort((a, b) => (better(a, b) ? -1 : 1))
  }
}

/** How the probe's frames line up with one known video, or undefined when too few do. */
function compare<K>(entry: KnownEntry<K>, frames: readonly FingerprintFrame[], mirrored: boolean, opts: MatchOptions): FingerprintMatch<K> | undefined {
  if (frames.length === 0) return undefined
  const hits: { probe: number; offset: number; distance: number }[] = []
  const matchedProbes = new Set<number>()
  for (let p = 0; p < frames.length; p++) {
    const f = frames[p]!
    for (let i = 0; i < entry.hi.length; i++) {
      const d = popcount((entry.hi[i]! ^ f.hi) >>> 0) + popcount((entry.lo[i]! ^ f.lo) >>> 0)
      if (d > opts.maxDistance) continue
      hits.push({ probe: p, offset: entry.at[i]! - f.atMs, distance: d })
      matchedProbes.add(p)
    }
  }
  const needed = Math.max(opts.minFrames, Math.ceil(opts.minFraction * frames.length))
  if (matchedProbes.size < needed) return undefined
  const aligned = alignedFrames(hits, opts.offsetToleranceMs)
  if (aligned.matched < needed) return undefined
  return {
    key: entry.key,
    matchedFrames: aligned.matched,
    probeFrames: frames.length,
    meanDistance: Math.round(aligned.meanDistance * 10) / 10,
    offsetMs: Math.round(aligned.offset),
    mirrored,
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
