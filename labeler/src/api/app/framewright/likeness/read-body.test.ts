import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readBody } from './read-body'

const stream = (...chunks: number[]) => Readable.from(chunks.map((n) => Buffer.alloc(n, 1)))

describe('enrolment body', () => {
  it('reads a body within the limit', async () => {
    expect((await readBody(stream(400, 600), 1000)).length).toBe(1000)
  })

  it.each<[string, unknown]>([
    ['a stream over the limit', stream(600, 600)],
    ['bytes over the limit', Buffer.alloc(1001)],
  ])('answers %s with MediaTooLarge', async (_, body) => {
    await expect(readBody(body, 1000)).rejects.toMatchObject({ customErrorName: 'MediaTooLarge' })
  })

  it('answers a missing body with UnsupportedMediaType', async () => {
    await expect(readBody(undefined, 1000)).rejects.toMatchObject({ customErrorName: 'UnsupportedMediaType' })
  })
})
