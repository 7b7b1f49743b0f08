import { describe, expect, it } from 'vitest'
import { forgetOAuthSub, mayResumeOAuth } from './oauthMarkers'
import { chooseClientId, isLoopbackHost, loopbackClientId, loopbackRedirectUri, onLoopbackIp, OAUTH_SCOPE } from './loopback'

describe('loopback OAuth client', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['framewright.example', false],
    ['localhost.example', false],
  ])('%s is a loopback host: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })

  it('moves localhost to 127.0.0.1, keeping port, path and query', () => {
    expect(onLoopbackIp('http://localhost:2580/#/create?x=1')).toBe('http://127.0.0.1:2580/#/create?x=1')
    expect(onLoopbackIp('https://framewright.example/a')).toBe('https://framewright.example/a')
  })

  it('redirects to the app root on the loopback IP', () => {
    expect(loopbackRedirectUri('http://localhost:2580')).toBe('http://127.0.0.1:2580/')
    expect(loopbackRedirectUri('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173/')
  })

  it('builds a client_id of exactly http://localhost with redirect_uri and scope', () => {
    const id = new URL(loopbackClientId('http://localhost:2580'))
    expect(id.origin).toBe('http://localhost')
    expect(id.pathname).toBe('/')
    expect(id.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:2580/')
    expect(id.searchParams.get('scope')).toBe(OAUTH_SCOPE)
    expect(loopbackClientId('http://localhost:2580').startsWith('http://localhost?')).toBe(true)
  })

  it('prefers the configured public client, falls back to loopback only on this machine', () => {
    const pub = 'https://framewright.example/client-metadata.json'
    expect(chooseClientId(pub, { origin: 'https://framewright.example', hostname: 'framewright.example' })).toBe(pub)
    expect(chooseClientId(undefined, { origin: 'http://127.0.0.1:2580', hostname: '127.0.0.1' })).toMatch(/^http:\/\/localhost\?/)
    expect(chooseClientId(undefined, { origin: 'https://framewright.example', hostname: 'framewright.example' })).toBeUndefined()
  })
})

describe('when the OAuth client loads at start', () => {
  const storage = (sub?: string) => ({ getItem: (k: string) => (k === '@@atproto/oauth-client-browser(sub)' ? (sub ?? null) : null) })
  it.each([
    ['', undefined, false],
    ['?state=abc&code=xyz&iss=http%3A%2F%2Flocalhost', undefined, true],
    ['?state=abc&error=access_denied', undefined, true],
    ['?state=abc', undefined, false],
    ['?signin=alice.test', undefined, true],
    ['', 'did:plc:abc', true],
  ])('search %j, signed-in sub %s: %s', (search, sub, expected) => {
    expect(mayResumeOAuth(search, storage(sub))).toBe(expected)
  })
})

describe('logging out of an OAuth session', () => {
  it('forgets the signed-in account at once, so that a reload does not resume it', () => {
    const kept = new Map([['@@atproto/oauth-client-browser(sub)', 'did:plc:abc']])
    const storage = { getItem: (k: string) => kept.get(k) ?? null, removeItem: (k: string) => void kept.delete(k) }
    expect(mayResumeOAuth('', storage)).toBe(true)
    forgetOAuthSub(storage)
    expect(mayResumeOAuth('', storage)).toBe(false)
  })
})
