import { describe, expect, it } from 'vitest'
import { XrpcError } from '../api/xrpc'
import { errorMessage } from './errors'
import { MalformedHandleError } from './identifiers'

/** An @atproto/api XRPCError as it reaches a screen: name and status as properties. */
function atprotoError(error: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { error, status })
}

describe('errorMessage: one mapping from error names to sentences', () => {
  it.each<[string, unknown, string | RegExp]>([
    ['a raw 500 from a PDS', atprotoError('InternalServerError', 'Internal Server Error', 500), 'Something went wrong on the server. Try again in a moment.'],
    ['a 500 from our own XRPC client', new XrpcError('HttpError', 'HttpError (HTTP 500)', 500, 'x'), /Something went wrong on the server/],
    ['a prompt past the lexicon limit', new XrpcError('InvalidRequest', 'Input/prompt must not be longer than 2000 graphemes', 400, 'x'), 'The prompt is too long: at most 2,000 characters.'],
    ['a camelCase field', atprotoError('InvalidRequest', 'Record/displayName must not be longer than 64 graphemes', 400), 'The display name is too long: at most 64 characters.'],
    ['too many elements', new XrpcError('InvalidRequest', 'Input/depicts must not be longer than 8 elements', 400, 'x'), 'Too many depicts: at most 8.'],
    ['a named lexicon error', new XrpcError('FeedUnavailable', 'feed generator did:web:x did not answer', 502, 'x'), "The feed's server is not answering right now. Try again in a moment."],
    ['a name whose message carries the detail', new XrpcError('LikenessNotConsented', 'carol.test has not allowed anyone to use their likeness.', 400, 'x'), 'carol.test has not allowed anyone to use their likeness.'],
    ['a network failure', new XrpcError('NetworkError', 'x: the service could not be reached (http://a)', 0, 'x'), /could not be reached. Check your connection/],
    ['an expired session from @atproto/api', atprotoError('ExpiredToken', 'Token has expired', 400), 'Your session ran out. Log in again.'],
    ['an unknown name keeps the server’s message', new XrpcError('SomethingNew', 'A sentence from the server.', 400, 'x'), 'A sentence from the server.'],
    ['the client’s own named errors keep their sentence', new MalformedHandleError('"al!ce" is not a handle.'), '"al!ce" is not a handle.'],
  ])('%s', (_name, err, expected) => {
    const text = errorMessage(err)
    if (typeof expected === 'string') expect(text).toBe(expected)
    else expect(text).toMatch(expected)
    expect(text).not.toMatch(/^Internal Server Error$|graphemes|HTTP 5\d\d/)
  })
})
