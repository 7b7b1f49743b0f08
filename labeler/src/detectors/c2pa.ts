/**
 * Provenance from the file itself: what a video's C2PA manifest says (read by readC2pa when the
 * video is scanned) turned into labels. Pure functions over those facts; the scan pipeline supplies
 * them (see the README's label table and the integration notes).
 */
import type { C2paFacts } from '@framewright/service-kit'
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import { factsFor, type Finding, type VideoDetector, type VideoPostDetector } from './types'

/** Values these functions decide. `ai-video` stays the provenance detector's (see c2paAiVideoFinding). */
export const C2PA_VALUES = ['provenance-verified', 'provenance-tampered'] as const

/**
 * `provenance-verified` when the manifest validates (its signature and the hashes of the media all
 * check out), `provenance-tampered` when it fails validation; nothing when there is no manifest.
 */
export function c2paProvenanceFindings(facts: C2paFacts | undefined): Finding[] {
  if (!facts?.present) return []
  const signer = facts.signer?.commonName ?? facts.signer?.issuer ?? 'an unnamed signer'
  const evidence = {
    state: facts.state,
    failures: facts.failures,
    signer: facts.signer,
    claimGenerator: facts.claimGenerator,
    digitalSourceTypes: facts.digitalSourceTypes,
    manifest: facts.manifestLabel,
  }
  if (facts.state === 'invalid') {
    return [
      {
        val: 'provenance-tampered',
        reason: `The video's C2PA manifest (signed by ${signer}) fails validation: ${facts.failures.join(', ')}. The file was changed after it was signed, or the manifest is forged.`,
        evidence,
      },
    ]
  }
  const trust = facts.state === 'trusted' ? 'a signer this labeler trusts' : 'a signer this labeler does not vouch for'
  return [
    {
      val: 'provenance-verified',
      reason: `The video carries a valid C2PA manifest signed by ${signer} (${trust})${facts.claimGenerator ? `, written by ${facts.claimGenerator}` : ''}: it is unchanged since it was signed.`,
      evidence,
    },
  ]
}

/**
 * `ai-video` from the file alone: a manifest that validates and declares a generative-AI source
 * (IPTC trainedAlgorithmicMedia and kin), whatever the post says. A manifest that fails validation
 * proves nothing, so it adds no ai-video (it gets provenance-tampered instead).
 */
export function c2paAiVideoFinding(facts: C2paFacts | undefined): Finding | undefined {
  if (!facts?.present || facts.state === 'invalid' || !facts.aiSource) return undefined
  const signer = facts.signer?.commonName ?? facts.signer?.issuer ?? 'an unnamed signer'
  return {
    val: 'ai-video',
    reason: `The video's own C2PA manifest, signed by ${signer}, declares it made by generative AI (${facts.digitalSourceTypes.map((t) => t.split('/').pop()).join(', ')}).`,
    evidence: { from: 'c2pa', digitalSourceTypes: facts.digitalSourceTypes, signer: facts.signer, claimGenerator: facts.claimGenerator, state: facts.state },
  }
}

/** Where the C2PA detector reads each video's facts (by video URI), as the scan pipeline stored them. */
export interface C2paFactSource {
  /** Reads through `db` when given (the evaluation's executor: see VideoSubject.db). */
  c2paOf(uris: string[], db?: Kysely<LabelerSchema>): Promise<Map<string, C2paFacts>>
}

/**
 * Until the scan pipeline reads videos' files, no facts exist; the detector is registered anyway so
 * that its values stay a detector's (moderators cannot apply them) and it runs as soon as facts do.
 */
export const NO_C2PA_FACTS: C2paFactSource = { c2paOf: async () => new Map() }

/** provenance-verified / provenance-tampered on our videos (and their companion posts), from their files' manifests. */
export function c2paVideoDetector(facts: C2paFactSource): VideoDetector {
  return {
    name: 'c2pa',
    values: C2PA_VALUES,
    async evaluate(video) {
      return c2paProvenanceFindings(await factsFor(video, facts, (uris) => facts.c2paOf(uris, video.db)))
    },
  }
}

/**
 * The same reading of a plain Bluesky video post's file: `ai-video` when its valid manifest declares
 * a generative-AI source although the author said nothing, and provenance-verified / -tampered.
 * These are the video detectors' values (a companion post carries them from its video), so this
 * detector only echoes them: it withdraws only what it applied itself, and skips companion posts.
 */
export function c2paPostDetector(facts: C2paFactSource): VideoPostDetector {
  return {
    name: 'c2pa-post',
    subject: 'bsky-video-post',
    values: [],
    echoes: ['ai-video', ...C2PA_VALUES],
    async evaluate(post) {
      if (post.sameBytes.some((v) => v.crosspostUri === post.uri)) return []
      const found = await factsFor(post, facts, (uris) => facts.c2paOf(uris, post.db))
      const ai = c2paAiVideoFinding(found)
      return [...c2paProvenanceFindings(found), ...(ai ? [ai] : [])]
    },
  }
}
