import { describe, expect, it } from 'vitest'
import type { DisplayNames } from '@framewright/service-kit'
import { nameMarkers, renderNames } from './names'

/** Names as explanations show them, without a network: a verified handle for alice, nothing for the rest. */
const names = {
  of: async (dids: readonly string[]) => new Map(dids.map((did) => [did, did === 'did:plc:alice' ? '@alice.test' : did])),
} as unknown as DisplayNames

describe('name markers', () => {
  it('marks DIDs, and leaves anything else as it is (an at-uri may name its repo by handle)', () => {
    const markers = nameMarkers()
    expect(markers.get('did:plc:alice')).toBe('@{did:plc:alice}')
    expect(markers.get('did:web:localhost%3A2585')).toBe('@{did:web:localhost%3A2585}')
    expect(markers.get('alice.test')).toBe('alice.test')
  })

  it('renders markers as the names people have when the explanation is read, and the DID when none verifies', async () => {
    const m = nameMarkers()
    const reason = `${m.get('did:plc:alice')}'s likeness grant does not cover ${m.get('did:plc:mallory')}. A copy of at://did:plc:alice/app.framewright.video.post/1.`
    expect(await renderNames(reason, names)).toBe(
      "@alice.test's likeness grant does not cover did:plc:mallory. A copy of at://did:plc:alice/app.framewright.video.post/1.",
    )
    expect(await renderNames('no one is named here', names)).toBe('no one is named here')
  })
})
