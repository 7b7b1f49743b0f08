/**
 * The known-copy detector: a video (or Bluesky video post) whose frames match a video a moderator
 * labelled known-deepfake or !takedown gets that value too, with evidence naming the original. It
 * applies moderators' values, so it only ever withdraws what it applied itself (see `echoes`), and
 * the facts it reads vanish when the moderator lifts the original, which lifts exactly its copies.
 */
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import type { CopyMatchFact } from '../fingerprint/store'
import { factsFor, type Finding, type VideoDetector, type VideoPostDetector } from './types'

/** Moderator values whose copies are labelled alike. */
export const COPIED_VALUES = ['known-deepfake', '!takedown'] as const

/**
 * What the known-copy detector finds on one subject, from its matches with known videos still in
 * force (one finding per value: the closest original). Pure: the facts say everything.
 */
export function knownCopyFindings(subjectUri: string, matches: readonly CopyMatchFact[], names: ReadonlyMap<string, string> = new Map()): Finding[] {
  const best = new Map<string, CopyMatchFact>()
  for (const m of matches) {
    if (m.subjectUri !== subjectUri || m.sourceUri === subjectUri || !(COPIED_VALUES as readonly string[]).includes(m.val)) continue
    const prior = best.get(m.val)
    if (!prior || m.matchedFrames / m.probeFrames > prior.matchedFrames / prior.probeFrames || (m.matchedFrames / m.probeFrames === prior.matchedFrames / prior.probeFrames && m.meanDistance < prior.meanDistance)) {
      best.set(m.val, m)
    }
  }
  return [...best.values()].map((m) => {
    const author = authorOf(m.sourceUri)
    const by = author ? ` by ${names.get(author) ?? author}` : ''
    return {
      val: m.val,
      reason:
        `A copy of ${m.sourceUri}${by}, which a moderator labelled ${m.val}: ${m.matchedFrames} of ${m.probeFrames} sampled frames ` +
        `match it${m.mirrored ? ' mirrored' : ''} (found by perceptual fingerprint).`,
      evidence: {
        original: m.sourceUri,
        matchedFrames: m.matchedFrames,
        probeFrames: m.probeFrames,
        meanDistanceBits: m.meanDistance,
        mirrored: m.mirrored,
        offsetMs: m.offsetMs,
        matchedAt: m.matchedAt,
      },
    }
  })
}

/** Where the detector reads its facts from (the fingerprint store, or an in-memory list in tests). */
export interface CopyMatchSource {
  /** Reads through `db` when given (the evaluation's executor: see VideoSubject.db). */
  matchesOf(subjectUris: string[], db?: Kysely<LabelerSchema>): Promise<Map<string, CopyMatchFact[]>>
}

/** The detector over our videos (labels land on the video and its companion post). */
export function knownCopyVideoDetector(facts: CopyMatchSource): VideoDetector {
  return {
    name: 'known-copy',
    values: [],
    echoes: COPIED_VALUES,
    async evaluate(video) {
      const matches = (await factsFor(video, facts, (uris) => facts.matchesOf(uris, video.db))) ?? []
      return knownCopyFindings(video.uri, matches, video.names)
    },
  }
}

/** The detector over plain Bluesky video posts. */
export function knownCopyPostDetector(facts: CopyMatchSource): VideoPostDetector {
  return {
    name: 'known-copy-post',
    subject: 'bsky-video-post',
    values: [],
    echoes: COPIED_VALUES,
    async evaluate(post) {
      const matches = (await factsFor(post, facts, (uris) => facts.matchesOf(uris, post.db))) ?? []
      return knownCopyFindings(post.uri, matches, post.names)
    },
  }
}

function authorOf(uri: string): string | undefined {
  return /^at:\/\/([^/]+)\//.exec(uri)?.[1]
}
