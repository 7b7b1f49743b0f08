import { describe, expect, it } from 'vitest'
import { checkIdentifier, MalformedHandleError } from './identifiers'

describe('checkIdentifier', () => {
  it.each([
    ['alice.test', 'alice.test'],
    ['@Alice.Bsky.Social', 'alice.bsky.social'],
    ['  bob.example.com ', 'bob.example.com'],
    ['x-1.y2.test', 'x-1.y2.test'],
    ['did:plc:abc123xyz', 'did:plc:abc123xyz'],
    ['did:web:localhost%3A2584', 'did:web:localhost%3A2584'],
  ])('accepts %j as %j', (typed, out) => {
    expect(checkIdentifier(typed)).toBe(out)
  })

  it.each([
    ['', /Type a handle/],
    ['@', /Type a handle/],
    ['alice', /has a dot/],
    ['alice smith.test', /no spaces/],
    ['alice..test', /letters, digits and hyphens/],
    ['-alice.test', /hyphen/],
    ['alice-.test', /hyphen/],
    ['al!ce.test', /letters, digits and hyphens/],
    ['alice.123', /last part cannot start with a digit/],
    [`${'a'.repeat(250)}.test`, /longer than 253/],
    ['did:plc:', /not a DID/],
    ['did:PLC:abc', /not a DID/],
  ])('refuses %j with a sentence', (typed, message) => {
    expect(() => checkIdentifier(typed)).toThrow(MalformedHandleError)
    expect(() => checkIdentifier(typed)).toThrow(message)
  })
})
