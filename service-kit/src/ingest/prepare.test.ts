import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { CollectionFilter } from './filter'
import { decodeFrame } from './frames'
import { detachFrame, prepareFrame } from './prepare'
import { TestRepo, create } from './test-source'

const VIDEO = 'app.framewright.video.post'

describe('detachFrame', () => {
  it('moves a kept commit off the socket chunk its frame came in: nothing it keeps is a view into that chunk', async () => {
    const repo = await TestRepo.create('did:plc:detachaaaaaaaaaaaaaaaaaa')
    const cid = CID.parse('bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy')
    const bytes = await repo.commit(7, [create(VIDEO, '3kvideo', { text: 'hi', thumb: { $type: 'blob', ref: cid, mimeType: 'image/jpeg', size: 10 }, raw: new Uint8Array([1, 2, 3]) })])
    // The frame as ws hands it over: a view into a bigger chunk, other frames on either side.
    const chunk = new Uint8Array(bytes.length + 200)
    chunk.set(bytes, 100)
    const raw = chunk.subarray(100, 100 + bytes.length)
    const frame = decodeFrame(raw)
    if (frame.t !== 'commit') throw new Error('not a commit')
    const prepared = detachFrame(prepareFrame(frame, raw, { filter: new CollectionFilter([VIDEO]) }), raw)
    if (prepared.kind !== 'commit') throw new Error(`prepared as ${prepared.kind}`)
    const views: Uint8Array[] = [prepared.frame, prepared.job.car, prepared.job.commitCid, ...prepared.job.claims.flatMap((c) => (c.cid ? [c.cid] : []))]
    const written = prepared.events[0]!
    if (written.event === 'delete') throw new Error('not a write')
    const record = written.record as { thumb: { ref: CID }; raw: Uint8Array }
    views.push(record.thumb.ref.bytes, record.raw)
    for (const view of views) expect(view.buffer).not.toBe(chunk.buffer)
    expect(prepared.frame).toEqual(bytes)
    expect(Buffer.from(prepared.job.car).indexOf(Buffer.from(frame.blocks))).toBe(0)
    expect(prepared.job.commitCid).toEqual(frame.commit)
    expect(record.thumb.ref.equals(cid)).toBe(true)
    expect([...record.raw]).toEqual([1, 2, 3])
  })
})
