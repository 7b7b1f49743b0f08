import { describe, expect, it } from 'vitest'
import { emptyGrantForm, formFromGrant, grantFromForm, GrantFormError, normalizeIdentifier, type GrantForm } from './grantForm'

const NOW = new Date(2026, 10, 25, 12, 0, 0)
const ALICE = 'did:plc:alice000000000000000000'
const form = (over: Partial<GrantForm>): GrantForm => ({ ...emptyGrantForm(), ...over })

describe('grant form → record', () => {
  it.each([
    { name: 'only me', form: form({}), record: { audience: 'self' } },
    { name: 'everyone, with restrictions trimmed', form: form({ audience: 'everyone', restrictions: '  no politics ' }), record: { audience: 'everyone', restrictions: 'no politics' } },
    { name: 'approved people, deduplicated', form: form({ audience: 'approved', approved: [{ did: ALICE, handle: 'alice.test' }, { did: ALICE }] }), record: { audience: 'approved', approved: [ALICE] } },
    { name: 'mutuals drop a list they do not use', form: form({ audience: 'mutuals', approved: [{ did: ALICE }] }), record: { audience: 'mutuals' } },
  ])('$name', ({ form, record }) => {
    const out = grantFromForm(form, NOW)
    expect(out).toEqual({ $type: 'app.framewright.likeness.grant', ...record, createdAt: NOW.toISOString() })
  })

  it('lasts through the whole chosen day, local time', () => {
    const out = grantFromForm(form({ audience: 'everyone', expiresOn: '2027-01-31' }), NOW)
    expect(Date.parse(out.expiresAt!)).toBe(new Date(2027, 0, 31, 23, 59, 59, 999).getTime())
  })

  it.each([
    { name: 'approved with nobody listed', form: form({ audience: 'approved' }), message: /at least one person/ },
    { name: 'an expiry in the past', form: form({ audience: 'everyone', expiresOn: '2026-11-24' }), message: /has passed/ },
    { name: 'an impossible date', form: form({ audience: 'everyone', expiresOn: '2027-02-31' }), message: /not a date/ },
    { name: 'restrictions over 300 graphemes', form: form({ audience: 'everyone', restrictions: 'x'.repeat(301) }), message: /not be valid/ },
    { name: 'a malformed DID', form: form({ audience: 'approved', approved: [{ did: 'alice.test' }] }), message: /not be valid/ },
  ])('refuses $name with a GrantFormError', ({ form, message }) => {
    expect(() => grantFromForm(form, NOW)).toThrow(GrantFormError)
    expect(() => grantFromForm(form, NOW)).toThrow(message)
  })

  it('round-trips through the record', () => {
    const original = form({ audience: 'approved', approved: [{ did: ALICE }], restrictions: 'no ads', expiresOn: '2027-03-01' })
    expect(formFromGrant(grantFromForm(original, NOW))).toEqual(original)
  })

  it('reads no grant, or an audience it does not know, as only me', () => {
    expect(formFromGrant(undefined)).toEqual(emptyGrantForm())
    expect(formFromGrant({ $type: 'app.framewright.likeness.grant', audience: 'friends-of-friends', createdAt: NOW.toISOString() }).audience).toBe('self')
  })
})

describe('normalizeIdentifier', () => {
  it.each([
    ['@Alice.Test ', 'alice.test'],
    ['did:plc:AbC', 'did:plc:AbC'],
  ])('%s → %s', (input, out) => expect(normalizeIdentifier(input)).toBe(out))
})
