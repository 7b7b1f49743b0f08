import { InvalidRequestError } from '@atproto/xrpc-server'

/** A raw request body, up to `maxBytes` (MediaTooLarge beyond it: the rest is never read). */
export async function readBody(body: unknown, maxBytes: number): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.length > maxBytes) throw tooLarge(maxBytes)
    return body
  }
  if (!body || typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') {
    throw new InvalidRequestError('a photo or clip is expected as the request body', 'UnsupportedMediaType')
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > maxBytes) {
      ;(body as { destroy?: () => void }).destroy?.()
      throw tooLarge(maxBytes)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function tooLarge(maxBytes: number) {
  return new InvalidRequestError(`the body is over this labeler's ${maxBytes}-byte limit`, 'MediaTooLarge')
}
