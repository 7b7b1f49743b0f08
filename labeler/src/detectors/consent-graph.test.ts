import { describe, expect, it } from 'vitest'
import type { ConsentDecision } from '@framewright/service-kit'
import { consentGraphDetector } from './consent-graph'
import type { VideoSubject } from './types'

const CREATOR = 'did:plc:creator'
const SUBJECT = 'did:plc:subject'

function video(depicted: ConsentDecision[], labelsInForce: string[] = [], labelsLapsed: string[] = []): VideoSubject {
  return {
    uri: `at://${CREATOR}/app.framewright.video.post/1`,
    cid: 'bafy',
    creator: CREATOR,
    crosspostUri: null,
    record: {},
    consent: depicted.map((decision, i) => ({ videoUri: 'v', creator: CREATOR, subject: `${SUBJECT}${i}`, decision })),
    names: new Map(),
    labelsInForce: new Set(labelsInForce),
    labelsLapsed: new Set(labelsLapsed),
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
      video([{ consented: false, reason: 'rejected-by-subject', rejected: true }], ['likeness-consented']),
      ['likeness-disputed', 'likeness-unconsented'],
    ],
    [
      'a subject rejecting a video that was never consented still disputes it',
      video([{ consented: false, reason: 'no-grant', rejected: true }], ['likeness-unconsented']),
      ['likeness-disputed', 'likeness-unconsented'],
    ],
    [
      'a rejection of a video whose grant was also narrowed: disputed and revoked',
      video([{ consented: false, reason: 'not-approved', rejected: true }], ['likeness-consented']),
      ['likeness-disputed', 'likeness-revoked', 'likeness-unconsented'],
    ],
    [
      'a consent that ran out at its exp (the grant expired): revoked',
      video([{ consented: false, reason: 'grant-expired', expiresAt: '2026-06-01T00:00:00.000Z' }], ['ai-video'], ['likeness-consented']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
    [
      'one of two people withdrew: unconsented and revoked',
      video([{ consented: true, reason: 'grant-everyone' }, { consented: false, reason: 'grant-self-only' }], ['likeness-consented']),
      ['likeness-revoked', 'likeness-unconsented'],
    ],
  ])('%s', (_name, v, expected) => {
    expect(values(v)).toEqual(expected)
  })

  it('puts on a consent the earliest expiry among the grants it rests on', () => {
    const findings = consentGraphDetector.evaluate(
      video([
        { consented: true, reason: 'grant-everyone', expiresAt: '2026-09-01T00:00:00.000Z' },
        { consented: true, reason: 'grant-approved' },
        { consented: true, reason: 'grant-mutuals', expiresAt: '2026-07-01T00:00:00.000Z' },
      ]),
    ) as { val: string; exp?: string; reason: string }[]
    expect(findings).toEqual([expect.objectContaining({ val: 'likeness-consented', exp: '2026-07-01T00:00:00.000Z' })])
    expect(findings[0]!.reason).toContain('until 2026-07-01 00:00 UTC')
    const forever = consentGraphDetector.evaluate(video([{ consented: true, reason: 'grant-approved' }])) as { exp?: string }[]
    expect(forever[0]!.exp).toBeUndefined()
  })

  it('explains an expiry as one, not as a withdrawal', () => {
    const findings = consentGraphDetector.evaluate(
      video([{ consented: false, reason: 'grant-expired', expiresAt: '2026-06-01T00:00:00.000Z' }], [], ['likeness-consented']),
    ) as { val: string; reason: string }[]
    expect(findings.find((f) => f.val === 'likeness-revoked')?.reason).toMatch(/had consented to this video until their grant expired: .* expired on 2026-06-01 00:00 UTC/)
  })

  it('owns every value it emits', () => {
    const v = video([{ consented: false, reason: 'not-approved' }], ['likeness-consented'])
    for (const val of values(v)) expect(consentGraphDetector.values).toContain(val)
  })
})
