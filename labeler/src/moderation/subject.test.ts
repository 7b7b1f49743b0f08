import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { parseSubject } from './subject'

const VIDEO = 'at://did:plc:abc123/app.framewright.video.post/3kxyz'
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'

describe('moderation subjects', () => {
  it.each([
    ['a record', { uri: VIDEO }, { type: 'record', uri: VIDEO }],
    ['a record version', { uri: VIDEO, cid: CID }, { type: 'record', uri: VIDEO, cid: CID }],
    ['an account', { uri: 'did:plc:abc123' }, { type: 'account', uri: 'did:plc:abc123' }],
    ['a did:web account', { uri: 'did:web:example.com' }, { type: 'account', uri: 'did:web:example.com' }],
  ])('accepts %s', (_, input, parsed) => {
    expect(parseSubject(input)).toEqual(parsed)
  })

  it.each([
    ['a handle authority', { uri: 'at://alice.test/app.framewright.video.post/3kxyz' }],
    ['a repo without a record', { uri: 'at://did:plc:abc123' }],
    ['a collection without a record', { uri: 'at://did:plc:abc123/app.framewright.video.post' }],
    ['a web URL', { uri: 'https://example.com/video' }],
    ['a handle', { uri: 'alice.test' }],
    ['an account with a cid', { uri: 'did:plc:abc123', cid: CID }],
    ['empty', { uri: '' }],
  ])('rejects %s as InvalidSubject', (_, input) => {
    let thrown: unknown
    try {
      parseSubject(input)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError)
    expect((thrown as InvalidRequestError).customErrorName).toBe('InvalidSubject')
  })
})
