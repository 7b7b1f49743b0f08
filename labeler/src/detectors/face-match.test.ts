import { describe, expect, it } from 'vitest'
import type { ConsentDecision, DepictionConsent } from '@framewright/service-kit'
import { faceMatchPostDetector, faceMatchVideoDetector } from './face-match'
import type { FoundDepiction, VideoPostSubject, VideoSubject } from './types'

const CREATOR = 'did:plc:carol'
const BOB = 'did:plc:bob'
const URI = `at://${CREATOR}/app.framewright.video.post/1`

function person(did: string, declared = false): FoundDepiction {
  return { did, method: 'face-match', similarity: 81, frameMs: 1250, framesMatched: 3, framesSampled: 4, declared }
}

function consent(subject: string, decision: ConsentDecision): DepictionConsent {
  return { videoUri: URI, creator: CREATOR, subject, decision }
}

function video(found: FoundDepiction[], decisions: DepictionConsent[]): VideoSubject {
  return { uri: URI, cid: 'bafy', creator: CREATOR, crosspostUri: null, record: {}, consent: decisions, found, names: new Map(), labelsInForce: new Set() }
}

const NO_GRANT: ConsentDecision = { consented: false, reason: 'no-grant' }
const EVERYONE: ConsentDecision = { consented: true, reason: 'grant-everyone' }

describe('face-match detector', () => {
  it.each<[string, VideoSubject, string[]]>([
    ['found, undeclared, not covered', video([person(BOB)], [consent(BOB, NO_GRANT)]), ['likeness-undeclared']],
    ['found, undeclared, covered by their grant', video([person(BOB)], [consent(BOB, EVERYONE)]), []],
    ['found and declared (the consent rule alone judges it)', video([person(BOB, true)], [consent(BOB, NO_GRANT)]), []],
    ['the creator found in their own video', video([person(CREATOR)], []), []],
    ['nobody found', video([], [consent(BOB, NO_GRANT)]), []],
  ])('%s', (_, subject, vals) => {
    expect((faceMatchVideoDetector.evaluate(subject) as { val: string }[]).map((f) => f.val)).toEqual(vals)
  })

  it('explains with the frame and similarity, never a descriptor', () => {
    const [finding] = faceMatchVideoDetector.evaluate(video([person(BOB)], [consent(BOB, NO_GRANT)])) as { reason: string; evidence: any }[]
    expect(finding!.reason).toContain('found by face match (81 % similar, at 1.3 s, in 3 of 4 frames sampled)')
    expect(finding!.evidence.found[0]).toMatchObject({ subject: BOB, similarityPercent: 81, frameMs: 1250, foundBy: 'found by face match' })
    expect(JSON.stringify(finding)).not.toMatch(/descriptor|template/)
  })

  function post(found: VideoPostSubject['found'], companion = false): VideoPostSubject {
    const uri = `at://${CREATOR}/app.bsky.feed.post/1`
    return {
      uri,
      cid: 'bafy',
      author: CREATOR,
      blobCid: 'bafyblob',
      createdAt: new Date().toISOString(),
      sameBytes: companion ? [{ uri: URI, cid: 'bafy', creator: CREATOR, crosspostUri: uri }] : [],
      names: new Map(),
      found,
    }
  }

  it('labels a plain Bluesky post unconsented and undeclared, but leaves companions to their video', () => {
    const found = [{ person: person(BOB), consent: consent(BOB, NO_GRANT) }]
    expect((faceMatchPostDetector.evaluate(post(found)) as { val: string }[]).map((f) => f.val)).toEqual(['likeness-unconsented', 'likeness-undeclared'])
    expect(faceMatchPostDetector.evaluate(post(found, true))).toEqual([])
    expect(faceMatchPostDetector.evaluate(post([{ person: person(BOB), consent: consent(BOB, EVERYONE) }]))).toEqual([])
  })
})
