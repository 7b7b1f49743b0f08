import { describe, expect, it } from 'vitest'
import { HandleRuleError, newAccountHandle, newAccountProblem } from './newAccount'

describe('new account handles', () => {
  it.each([
    ['alice', 'alice.test'],
    ['@Alice', 'alice.test'],
    ['alice.test', 'alice.test'],
    ['  bob-2  ', 'bob-2.test'],
  ])('%s becomes %s', (typed, expected) => {
    expect(newAccountHandle(typed, ['.test'])).toBe(expected)
  })

  it('uses the domain typed when the server offers several', () => {
    expect(newAccountHandle('carol.example.org', ['.test', '.example.org'])).toBe('carol.example.org')
    expect(newAccountHandle('carol', ['.test', '.example.org'])).toBe('carol.test')
  })

  it.each([
    ['', /Choose a name/],
    ['ab', /at least 3/],
    ['a'.repeat(19), /at most 18/],
    ['-alice', /letters, digits and hyphens/],
    ['ali_ce', /letters, digits and hyphens/],
    ['alice.example.com', /cannot contain dots/],
  ])('refuses %j', (typed, message) => {
    expect(() => newAccountHandle(typed, ['.test'])).toThrow(HandleRuleError)
    expect(() => newAccountHandle(typed, ['.test'])).toThrow(message)
  })

  it('says when the server offers no handles', () => {
    expect(() => newAccountHandle('alice', [])).toThrow(/does not offer handles/)
  })

  it('checks email, password and invite code', () => {
    const ok = { email: 'a@example.com', password: 'long enough' }
    expect(newAccountProblem(ok, false)).toBeUndefined()
    expect(newAccountProblem({ ...ok, email: 'nope' }, false)).toMatch(/email address/)
    expect(newAccountProblem({ ...ok, password: 'short' }, false)).toMatch(/at least 8/)
    expect(newAccountProblem(ok, true)).toMatch(/invite code/)
    expect(newAccountProblem({ ...ok, inviteCode: 'x-y' }, true)).toBeUndefined()
  })
})
