import { lexToJson } from '@atproto/api'
import { describe, expect, it } from 'vitest'
import { feedPageJson } from './json'
import type { VideoView } from './videos'

const view = (n: number, labels: VideoView['labels']): VideoView => ({
  uri: `at://did:plc:alice/app.framewright.video.post/${n}`,
  cid: 'bafyvideo',
  creator: { did: 'did:plc:alice', handle: 'alice.test' },
  playback: { url: 'https://appview.test/video/x', thumbnail: 'https://appview.test/thumb/x', mimeType: 'video/mp4' },
  text: n === 1 ? undefined : 'a "quoted" caption\nwith ünïcode',
  langs: ['en'],
  tags: undefined,
  aspectRatio: { width: 360, height: 640 },
  hasAudio: n === 2,
  generation: { provider: 'procedural', model: 'procedural-v1', prompt: 'paper boats', seed: 7, sourceType: 'ai-generated' } as VideoView['generation'],
  depicts: [{ subject: { did: 'did:plc:carol', handle: 'carol.test' }, consent: { consented: false, reason: 'no grant' }, review: undefined }] as VideoView['depicts'],
  remixCount: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  indexedAt: '2026-11-01T00:00:00.000Z',
  labels,
})
const label = (val: string, sig: number[]) => ({ ver: 1 as const, src: 'did:plc:labeler', uri: 'at://did:plc:alice/app.framewright.video.post/1', val, cts: '2026-11-01T00:00:00.000Z', sig: new Uint8Array(sig) })

describe('feedPageJson', () => {
  it('writes the JSON lexToJson writes: signatures as unpadded base64 $bytes, undefined left out', () => {
    // Signatures of every length modulo 3, so padding is dropped in each case; one inside a larger buffer.
    const inside = new Uint8Array([9, 9, 250, 251, 252, 9]).subarray(2, 5)
    const page = {
      cursor: 'c1',
      feed: [
        { video: view(1, [label('a', [1, 2, 3, 4]), label('b', [255, 254]), { ...label('c', []), sig: inside, exp: '2027-01-01T00:00:00.000Z', cid: 'bafylabel' }]), feedContext: 'Recent.' },
        { video: view(2, []), feedContext: undefined },
      ],
      end: undefined,
    }
    expect(JSON.parse(feedPageJson(page).toString('utf8'))).toEqual(lexToJson(page as never))
  })
})
