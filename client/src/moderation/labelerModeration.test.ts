import { describe, expect, it } from 'vitest'
import { XrpcError } from '../api/xrpc'
import { namedError } from './labelerModeration'

describe('namedError', () => {
  it.each([
    [new XrpcError('NotModeratorLabel', 'ai-video is decided by the provenance detector, not by moderators', 400, 'x'), 'NotModeratorLabel: ai-video is decided by the provenance detector, not by moderators'],
    [new XrpcError('NotModerator', 'did:plc:a is not a moderator of this labeler', 403, 'x'), 'NotModerator: did:plc:a is not a moderator of this labeler'],
    // A message without the server's own words already starts with the name.
    [new XrpcError('HttpError', 'HttpError (HTTP 502)', 502, 'x'), 'HttpError (HTTP 502)'],
    [new Error('boom'), 'boom'],
    ['plain', 'plain'],
  ])('%s', (err, expected) => {
    expect(namedError(err)).toBe(expected)
  })
})
