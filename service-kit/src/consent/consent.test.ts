import { describe, expect, it } from 'vitest'
import { describeConsent, formatInstant, isConsented, type ConsentDecision, type ConsentGraph, type GrantTerms } from './consent'

const C = 'did:plc:creator'
const S = 'did:plc:subject'
const now = new Date('2026-06-01T00:00:00Z')
const strangers: ConsentGraph = { creatorFollowsSubject: false, subjectFollowsCreator: false }
const mutuals: ConsentGraph = { creatorFollowsSubject: true, subjectFollowsCreator: true }
const oneWay: ConsentGraph = { creatorFollowsSubject: true, subjectFollowsCreator: false }
const rejecting = (g: ConsentGraph): ConsentGraph => ({ ...g, review: 'reject' })

describe('isConsented', () => {
  const cases: [string, string, GrantTerms | undefined, ConsentGraph, ConsentDecision][] = [
    ['creator depicts themselves', C, undefined, strangers, { consented: true, reason: 'self' }],
    ['self even after a self-reject', C, undefined, rejecting(strangers), { consented: true, reason: 'self' }],
    ['no grant', S, undefined, strangers, { consented: false, reason: 'no-grant' }],
    ['grant to everyone', S, { audience: 'everyone' }, strangers, { consented: true, reason: 'grant-everyone' }],
    ['grant to everyone, then rejected', S, { audience: 'everyone' }, rejecting(strangers), { consented: false, reason: 'rejected-by-subject', rejected: true }],
    ['grant to everyone, approved', S, { audience: 'everyone' }, { ...strangers, review: 'approve' }, { consented: true, reason: 'grant-everyone' }],
    ['grant to self only', S, { audience: 'self' }, mutuals, { consented: false, reason: 'grant-self-only' }],
    ['mutuals, and they are', S, { audience: 'mutuals' }, mutuals, { consented: true, reason: 'grant-mutuals' }],
    ['mutuals, one-way follow', S, { audience: 'mutuals' }, oneWay, { consented: false, reason: 'not-mutuals' }],
    ['mutuals, strangers', S, { audience: 'mutuals' }, strangers, { consented: false, reason: 'not-mutuals' }],
    ['approved and listed', S, { audience: 'approved', approved: [C] }, strangers, { consented: true, reason: 'grant-approved' }],
    ['approved, not listed', S, { audience: 'approved', approved: ['did:plc:other'] }, mutuals, { consented: false, reason: 'not-approved' }],
    ['approved with no list', S, { audience: 'approved' }, strangers, { consented: false, reason: 'not-approved' }],
    [
      'expired grant',
      S,
      { audience: 'everyone', expiresAt: '2026-05-31T23:59:59Z' },
      strangers,
      { consented: false, reason: 'grant-expired', expiresAt: '2026-05-31T23:59:59.000Z' },
    ],
    [
      'a grant expiring at this very instant has expired',
      S,
      { audience: 'everyone', expiresAt: '2026-06-01T00:00:00Z' },
      strangers,
      { consented: false, reason: 'grant-expired', expiresAt: '2026-06-01T00:00:00.000Z' },
    ],
    [
      'grant expiring later: consented until then',
      S,
      { audience: 'everyone', expiresAt: '2026-06-02T00:00:00Z' },
      strangers,
      { consented: true, reason: 'grant-everyone', expiresAt: '2026-06-02T00:00:00.000Z' },
    ],
    [
      'an expiry with a time-zone offset is read as the instant it names',
      S,
      { audience: 'approved', approved: [C], expiresAt: '2026-06-01T01:30:00+02:00' },
      strangers,
      { consented: false, reason: 'grant-expired', expiresAt: '2026-05-31T23:30:00.000Z' },
    ],
    ['unparseable expiry', S, { audience: 'everyone', expiresAt: 'soon' }, strangers, { consented: false, reason: 'grant-expired' }],
    ['unknown audience', S, { audience: 'friends-of-friends' }, mutuals, { consented: false, reason: 'unknown-audience' }],
    ['an approval does not rescue a missing grant', S, undefined, { ...strangers, review: 'approve' }, { consented: false, reason: 'no-grant' }],
    // The rejection of an already unconsented video is kept: the labeler disputes it either way.
    ['no grant, and rejected', S, undefined, rejecting(strangers), { consented: false, reason: 'no-grant', rejected: true }],
    [
      'expired grant, and rejected',
      S,
      { audience: 'everyone', expiresAt: '2026-05-01T00:00:00Z' },
      rejecting(strangers),
      { consented: false, reason: 'grant-expired', rejected: true, expiresAt: '2026-05-01T00:00:00.000Z' },
    ],
    ['not approved, and rejected', S, { audience: 'approved', approved: [] }, rejecting(mutuals), { consented: false, reason: 'not-approved', rejected: true }],
    // A rejection overrides every grant that would otherwise cover the creator.
    ['mutuals, and they are, then rejected', S, { audience: 'mutuals' }, rejecting(mutuals), { consented: false, reason: 'rejected-by-subject', rejected: true }],
    ['approved and listed, then rejected', S, { audience: 'approved', approved: [C] }, rejecting(strangers), { consented: false, reason: 'rejected-by-subject', rejected: true }],
    [
      'grant expiring later, then rejected',
      S,
      { audience: 'everyone', expiresAt: '2026-06-02T00:00:00Z' },
      rejecting(strangers),
      { consented: false, reason: 'rejected-by-subject', rejected: true },
    ],
    // Only 'reject' rejects: a review value this service does not know is no verdict.
    ['mutuals with an unknown review value', S, { audience: 'mutuals' }, { ...mutuals, review: 'rejected' }, { consented: true, reason: 'grant-mutuals' }],
  ]
  it.each(cases)('%s', (_name, subject, grant, graph, decision) => {
    expect(isConsented({ creator: C, subject }, grant, graph, now)).toEqual(decision)
  })
})

describe('describeConsent', () => {
  const names = { creator: 'alice.test', subject: 'bob.test' }
  it.each<[ConsentDecision, string]>([
    [{ consented: false, reason: 'no-grant' }, 'bob.test has not allowed anyone to use their likeness: they have no likeness grant.'],
    [{ consented: false, reason: 'not-approved' }, 'bob.test allows only people they approved to use their likeness, and alice.test is not one of them.'],
    [{ consented: false, reason: 'grant-expired', expiresAt: '2026-05-31T23:30:00.000Z' }, "bob.test's likeness grant expired on 2026-05-31 23:30 UTC."],
    [{ consented: false, reason: 'grant-expired' }, "bob.test's likeness grant has an expiry date that cannot be read, so it counts as expired."],
    [{ consented: true, reason: 'grant-approved', expiresAt: '2026-07-01T12:00:00.000Z' }, "bob.test's likeness grant lists alice.test as approved until 2026-07-01 12:00 UTC."],
    [{ consented: true, reason: 'grant-everyone' }, "bob.test's likeness grant lets everyone depict them."],
    [{ consented: false, reason: 'no-grant', rejected: true }, 'bob.test has not allowed anyone to use their likeness: they have no likeness grant.'],
    [{ consented: false, reason: 'rejected-by-subject', rejected: true }, 'bob.test rejected this video.'],
  ])('%j', (decision, sentence) => {
    expect(describeConsent(decision, names)).toBe(sentence)
  })

  it('formats instants without a locale', () => {
    expect(formatInstant('2026-01-02T03:04:59.999Z')).toBe('2026-01-02 03:04 UTC')
    expect(formatInstant('not a date')).toBe('not a date')
  })
})
