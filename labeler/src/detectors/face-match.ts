import { describeConsent, type DepictionConsent } from '@framewright/service-kit'
import type { Finding, FoundDepiction, VideoDetector, VideoPostDetector } from './types'

const FOUND_BY = 'found by face match'

/** The evidence of one found person: where and how close, never the template. */
export function foundEvidence(p: FoundDepiction) {
  return {
    subject: p.did,
    method: p.method,
    foundBy: FOUND_BY,
    frameMs: p.frameMs,
    similarityPercent: p.similarity,
    framesMatched: p.framesMatched,
    framesSampled: p.framesSampled,
    declared: p.declared,
  }
}

function sentence(p: FoundDepiction, c: DepictionConsent, name: (did: string) => string): string {
  const at = (p.frameMs / 1000).toFixed(1)
  return (
    `${name(p.did)} was ${FOUND_BY} (${p.similarity} % similar, at ${at} s, in ${p.framesMatched} of ${p.framesSampled} frames sampled) ` +
    `but the video does not declare them. ${describeConsent(c.decision, { creator: name(c.creator), subject: name(c.subject) })}`
  )
}

/**
 * `likeness-undeclared` on a video: an enrolled person its scan found, whom its record does not
 * declare and whose grant does not cover the creator. The consent rule itself (likeness-unconsented)
 * runs over these people in the consent-graph detector, as for declared ones.
 */
export const faceMatchVideoDetector: VideoDetector = {
  name: 'face-match',
  values: ['likeness-undeclared'],
  evaluate(video) {
    const undeclared = (video.found ?? []).filter((p) => !p.declared && p.did !== video.creator)
    const refused = undeclared.flatMap((p) => {
      const c = video.consent.find((d) => d.subject === p.did)
      return c && !c.decision.consented ? [{ p, c }] : []
    })
    if (refused.length === 0) return []
    const name = (did: string) => video.names.get(did) ?? did
    return [
      {
        val: 'likeness-undeclared',
        reason: refused.map(({ p, c }) => sentence(p, c, name)).join(' '),
        evidence: { creator: video.creator, found: refused.map(({ p }) => foundEvidence(p)) },
      },
    ]
  },
}

/**
 * The same judgement on a plain Bluesky video post, which has no depicts and no consent-graph pass
 * of its own: found people not covered give `likeness-unconsented` and `likeness-undeclared`. Both
 * are values of the video detectors (a companion post carries them from its video), so this one only
 * echoes them: it withdraws only what it applied itself.
 */
export const faceMatchPostDetector: VideoPostDetector = {
  name: 'face-match-post',
  subject: 'bsky-video-post',
  values: [],
  echoes: ['likeness-unconsented', 'likeness-undeclared'],
  evaluate(post) {
    // Our own videos' companion posts are judged with their video.
    if (post.sameBytes.some((v) => v.crosspostUri === post.uri)) return []
    const refused = (post.found ?? []).filter(({ person, consent }) => person.did !== post.author && !consent.decision.consented)
    if (refused.length === 0) return []
    const name = (did: string) => post.names.get(did) ?? did
    const reason = refused.map(({ person, consent }) => sentence(person, consent, name)).join(' ')
    const evidence = { creator: post.author, found: refused.map(({ person }) => foundEvidence(person)) }
    const findings: Finding[] = [
      { val: 'likeness-unconsented', reason, evidence },
      { val: 'likeness-undeclared', reason, evidence },
    ]
    return findings
  },
}
