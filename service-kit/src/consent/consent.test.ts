import { describe, expect, it } from 'vitest'
import { isConsented, type ConsentGraph, type GrantTerms } from './consent'

const C = 'did:plc:creator'
const S = 'did:plc:subject'
const now = new Date('2026-06-01T00:00:00Z')
const strangers: ConsentGraph = { creatorFollowsSubject: false, subjectFollowsCreator: false }
const mutuals: ConsentGraph = { creatorFollowsSubject: true, subjectFollowsCreator: true }
const oneWay: ConsentGraph = { creatorFollowsSubject: true, subjectFollowsCreator: false }

describe('isConsented', () => {
  const cases: [string, string, GrantTerms | undefined, ConsentGraph, boolean, string][] = [
    ['creator depicts themselves', C, undefined, strangers, true, 'self'],
    ['self even after a self-reject', C, undefined, { ...strangers, review: 'reject' }, true, 'self'],
    ['no grant', S, undefined, strangers, false, 'no-grant'],
    ['grant to everyone', S, { audience: 'everyone' }, strangers, true, 'grant-everyone'],
    ['grant to everyone, then rejected', S, { audience: 'everyone' }, { ...strangers, review: 'reject' }, false, 'rejected-by-subject'],
    ['grant to everyone, approved', S, { audience: 'everyone' }, { ...strangers, review: 'approve' }, true, 'grant-everyone'],
    ['grant to self only', S, { audience: 'self' }, mutuals, false, 'grant-self-only'],
    ['mutuals, and they are', S, { audience: 'mutuals' }, mutuals, true, 'grant-mutuals'],
    ['mutuals, one-way follow', S, { audience: 'mutuals' }, oneWay, false, 'not-mutuals'],
    ['mutuals, strangers', S, { audience: 'mutuals' }, strangers, false, 'not-mutuals'],
    ['approved and listed', S, { audience: 'approved', approved: [C] }, strangers, true, 'grant-approved'],
    ['approved, not listed', S, { audience: 'approved', approved: ['did:plc:other'] }, mutuals, false, 'not-approved'],
    ['approved with no list', S, { audience: 'approved' }, strangers, false, 'not-approved'],
    ['expired grant', S, { audience: 'everyone', expiresAt: '2026-05-31T23:59:59Z' }, strangers, false, 'grant-expired'],
    ['grant expiring later', S, { audience: 'everyone', expiresAt: '2026-06-02T00:00:00Z' }, strangers, true, 'grant-everyone'],
    ['unparseable expiry', S, { audience: 'everyone', expiresAt: 'soon' }, strangers, false, 'grant-expired'],
    ['unknown audience', S, { audience: 'friends-of-friends' }, mutuals, false, 'unknown-audience'],
    ['rejection does not rescue a missing grant', S, undefined, { ...strangers, review: 'approve' }, false, 'no-grant'],
  ]
  it.each(cases)('%s', (_name, subject, grant, graph, consented, reason) => {
    expect(isConsented({ creator: C, subject }, grant, graph, now)).toEqual({ consented, reason })
  })
})
