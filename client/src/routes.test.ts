import { describe, expect, it } from 'vitest'
import { profilePath, routeFromPath, videoPath } from './routes'

describe('path routes', () => {
  it.each([
    ['/profile/alice.test', { view: 'profile', actor: 'alice.test' }],
    ['/profile/did%3Aplc%3Aabc', { view: 'profile', actor: 'did:plc:abc' }],
    ['/video/did:plc:abc/3kxyz', { view: 'video', did: 'did:plc:abc', rkey: '3kxyz' }],
    ['/video/did%3Aplc%3Aabc/3kxyz', { view: 'video', did: 'did:plc:abc', rkey: '3kxyz' }],
    ['/', undefined],
    ['/profile/', undefined],
    ['/video/notadid/3kxyz', undefined],
    ['/video/did:plc:abc', undefined],
    ['/elsewhere', undefined],
  ])('%s', (path, route) => {
    expect(routeFromPath(path)).toEqual(route)
  })

  it('builds paths that parse back', () => {
    const uri = 'at://did:plc:abc/app.framewright.video.post/3kxyz'
    expect(routeFromPath(videoPath(uri))).toEqual({ view: 'video', did: 'did:plc:abc', rkey: '3kxyz' })
    expect(profilePath({ did: 'did:plc:abc', handle: 'alice.test' })).toBe('/profile/alice.test')
    expect(profilePath({ did: 'did:plc:abc', handle: 'handle.invalid' })).toBe('/profile/did%3Aplc%3Aabc')
  })
})
