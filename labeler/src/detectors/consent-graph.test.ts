import { describe, expect, it } from 'vitest'
import type { ConsentReason } from '@framewright/service-kit'
import { consentGraphDetector } from './consent-graph'
import type { VideoSubject } from './types'

const CREATOR = 'did:plc:creator'
const SUBJECT = 'did:plc:subject'

function video(depicted: { consented: boolean; reason: ConsentReason }[], labelsInForce: string[] = []): VideoSubject {
  return {
    uri: `at://${CREATOR}/app.framewright.video.post/1`,
    cid: 'bafy',
    creator: CREATOR,
    crosspostUri: null,
    record: {},
    consent: depicted.map((decision, i) => ({ videoUri: 'v', creator: CREATOR, subject: `${SUBJECT}${i}`, decision })),
    names: new Map(),
    labelsInForce: new Set(labelsInForce),
  }
}

const values = (v: VideoSubject) => (consentGraphDetector.evaluate(v) as { val: string }[]).map((f) => f.val).sort()

describe('consent-graph detector', () => {
  it.each<[string, VideoSubject, string[]]>([
    ['depicts nobody else: no likeness labels', video([]), []],
    ['everyone consented', video([{ consented: true, reason: 'grant-everyone' }]), ['likeness-consented']],
    ['never consented: unconsented, not revoked', video([{ consented: false, reason: 'no-grant' }]), ['likeness-unconsented']],
    [
      'was consented, grant narrowed: unconsented and revoked',
      video([{ consented: false, reason: 'not-approved' }], ['ai-video', 'likeness-consented']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
    [
      'was consented, grant expired: revoked',
      video([{ consented: false, reason: 'grant-expired' }], ['likeness-consented']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
    [
      'revoked stays revoked on re-evaluation (replays change nothing)',
      video([{ consented: false, reason: 'no-grant' }], ['likeness-unconsented', 'likeness-revoked']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
    [
      'consent back after a revocation: consented only',
      video([{ consented: true, reason: 'grant-mutuals' }], ['likeness-unconsented', 'likeness-revoked']),
      ['likeness-consented'],
    ],
    [
      'a subject rejecting a consented video disputes it; that is not a revocation of the grant',
      video([{ consented: false, reason: 'rejected-by-subject' }], ['likeness-consented']),
      ['likeness-disputed', 'likeness-unconsented'],
    ],
    [
      'one of two people withdrew: unconsented and revoked',
      video([{ consented: true, reason: 'grant-everyone' }, { consented: false, reason: 'grant-self-only' }], ['likeness-consented']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
  ])('%s', (_name, v, expected) => {
    expect(values(v)).toEqual(expected)
  })

  it('owns every value it emits', () => {
    const v = video([{ consented: false, reason: 'not-approved' }], ['likeness-consented'])
    for (const val of values(v)) expect(consentGraphDetector.values).toContain(val)
  })
})
