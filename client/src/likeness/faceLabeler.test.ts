import { describe, expect, it } from 'vitest'
import { ENROLL_ERROR_SENTENCES } from '@framewright/lexicons'
import { XrpcError } from '../api/xrpc'
import { enrollFailure, offersNoFaceProtection } from './faceLabeler'

const err = (error: string, status: number) => new XrpcError(error, `${error} from the labeler`, status, 'app.framewright.likeness.enroll')

describe('offersNoFaceProtection', () => {
  it.each([
    ['a labeler without the method (xrpc-server)', err('MethodNotImplemented', 501), true],
    ['a plain 404 from something that is not an XRPC server', err('HttpError', 404), true],
    ['a named 404-style error is a real answer', err('NotFound', 404), false],
    ['a refused token', err('AuthRequired', 401), false],
    ['a labeler that could not be reached', err('NetworkError', 0), false],
    ['no face found', err('NoFaceFound', 400), false],
    ['not an XRPC error', new Error('boom'), false],
  ])('%s → %s', (_what, error, expected) => {
    expect(offersNoFaceProtection(error)).toBe(expected)
  })
})

describe('enrollFailure', () => {
  it('says each named enrolment error in the shared words', () => {
    for (const [name, sentence] of Object.entries(ENROLL_ERROR_SENTENCES)) expect(enrollFailure(err(name, 400))).toBe(sentence)
    expect(enrollFailure(err('NoFaceFound', 400))).toMatch(/^We could not find a face in that photo/)
  })

  it('falls back to the labeler’s own words for anything else', () => {
    expect(enrollFailure(err('InternalServerError', 500))).toBe('The labeler could not take it: InternalServerError from the labeler')
  })
})
