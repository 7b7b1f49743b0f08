import { describe, expect, it } from 'vitest'
import type { ConsentCheck } from '../api/types'
import { XrpcError } from '../api/xrpc'
import { addPerson, blockedBy, expiryText, jobErrorText, personName, type PickedPerson } from './people'

const covers = (did: string, handle: string, extra: Partial<ConsentCheck> = {}): ConsentCheck => ({
  subject: { did, handle },
  consented: true,
  reason: 'grant-approved',
  message: `${handle}'s likeness grant lists you as approved.`,
  ...extra,
})
const refuses = (did: string, handle: string): ConsentCheck => ({
  subject: { did, handle },
  consented: false,
  reason: 'no-grant',
  message: `${handle} has not allowed anyone to use their likeness: they have no likeness grant.`,
})

describe('addPerson', () => {
  const bob = covers('did:plc:bob', 'bob.test')
  const carol = refuses('did:plc:carol', 'carol.test')

  it('adds someone whose grant covers you', () => {
    expect(addPerson([], bob, 'picked')).toEqual({ people: [{ check: bob, source: 'picked' }] })
  })

  it('refuses someone whose grant does not, with the appview’s sentence, and changes nothing', () => {
    const before: PickedPerson[] = [{ check: bob, source: 'picked' }]
    const out = addPerson(before, carol, 'picked')
    expect(out.people).toBe(before)
    expect(out.refusal).toBe('carol.test has not allowed anyone to use their likeness: they have no likeness grant.')
  })

  it('lists the people of a remix whatever their grant says', () => {
    expect(addPerson([], carol, 'remix').people).toEqual([{ check: carol, source: 'remix' }])
  })

  it('lists a person once, refreshing their check; a remix person stays one', () => {
    const fresher = covers('did:plc:bob', 'bob.test', { restrictions: 'No horror.' })
    const once = addPerson([{ check: bob, source: 'remix' }], fresher, 'picked')
    expect(once.people).toEqual([{ check: fresher, source: 'remix' }])
  })

  it('stops at the most a video can name', () => {
    const eight = Array.from({ length: 8 }, (_, i): PickedPerson => ({ check: covers(`did:plc:p${i}`, `p${i}.test`), source: 'picked' }))
    expect(addPerson(eight, bob, 'picked').refusal).toBe('A video can name at most 8 people.')
  })
})

describe('blockedBy', () => {
  it('is nothing when everyone consents, else every refusal', () => {
    expect(blockedBy([{ check: covers('did:plc:bob', 'bob.test'), source: 'picked' }])).toBeUndefined()
    expect(blockedBy([{ check: refuses('did:plc:carol', 'carol.test'), source: 'remix' }])).toMatch(/^carol\.test has not allowed/)
  })
})

describe('expiryText and personName', () => {
  it.each<[string | undefined, boolean, string | undefined]>([
    [undefined, true, undefined],
    ['not a date', true, undefined],
    ['2026-06-12T14:30:00.000Z', true, 'until Jun 12, 2026, 2:30 PM'],
    ['2026-06-12T14:30:00.000Z', false, 'ended Jun 12, 2026, 2:30 PM'],
  ])('%s (%s)', (iso, consented, expected) => {
    expect(expiryText(iso, consented, { locale: 'en-US', timeZone: 'UTC' })).toBe(expected)
  })

  it('names people by handle, or by DID when the handle does not verify', () => {
    expect(personName(covers('did:plc:bob', 'bob.test'))).toBe('@bob.test')
    expect(personName(covers('did:plc:x', 'handle.invalid'))).toBe('did:plc:x')
  })
})

describe('jobErrorText', () => {
  it('shows a refusal about people as its sentence, anything else with context', () => {
    const refusal = new XrpcError('LikenessNotConsented', 'Your prompt names @carol.test. carol.test has not allowed anyone to use their likeness.', 400, 'x')
    expect(jobErrorText(refusal, String)).toEqual({ text: refusal.message, isRefusal: true })
    expect(jobErrorText(new XrpcError('TooManyJobs', 'wait', 400, 'x'), (e) => (e as Error).message)).toEqual({ text: 'Could not start the job: wait', isRefusal: false })
  })
})
