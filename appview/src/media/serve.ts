import { pipeline } from 'node:stream/promises'
import type express from 'express'
import { LocalMediaStore, type MediaStore } from '@framewright/service-kit'

export interface ServeOptions {
  contentType: string
  cacheControl: string
  /** The object's size, when the caller already knows it (saves a round trip to a remote store). */
  size?: number
}

/**
 * Sends a stored object with HTTP Range, as players need: 206 with Content-Range for one
 * satisfiable range, 416 for an unsatisfiable one, the whole object otherwise (several ranges,
 * a malformed header, an If-Range we cannot check). Files of the local store go through
 * express's sendFile, exactly as before stores existed (it also answers conditional requests).
 * Answers 404 itself when the object is missing.
 */
export async function serveStored(req: express.Request, res: express.Response, store: MediaStore, key: string, opts: ServeOptions): Promise<void> {
  const headers = { 'content-type': opts.contentType, 'cache-control': opts.cacheControl }
  if (store instanceof LocalMediaStore) {
    if (opts.size === undefined && !(await store.stat(key))) return void res.status(404).json({ error: 'NotFound', message: 'no such media' })
    return new Promise<void>((resolve, reject) =>
      res.sendFile(key, { root: store.root, headers, acceptRanges: true }, (err?: Error & { status?: number; headers?: Record<string, string> }) => {
        if (!err || res.headersSent) return resolve()
        // send's answers to the request itself (416 with its Content-Range, 412, …) go out as they are.
        if (err.status !== undefined && err.status < 500) return void res.status(err.status).set(err.headers ?? {}).end(resolve)
        reject(err)
      }),
    )
  }
  const size = opts.size ?? (await store.stat(key))?.size
  if (size === undefined) return void res.status(404).json({ error: 'NotFound', message: 'no such media' })
  const ranges = req.headers['if-range'] ? undefined : req.range(size, { combine: true })
  if (ranges === -1) return void res.status(416).set({ 'accept-ranges': 'bytes', 'content-range': `bytes */${size}` }).end()
  const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined
  // Opened before the status goes out, so a store that fails here still gets a clean error answer.
  const body = req.method === 'HEAD' || size === 0 ? undefined : await store.read(key, range)
  res.set({ ...headers, 'accept-ranges': 'bytes' })
  if (range) {
    res.status(206).set({ 'content-range': `bytes ${range.start}-${range.end}/${size}`, 'content-length': String(range.end - range.start + 1) })
  } else {
    res.status(200).set('content-length', String(size))
  }
  if (!body) return void res.end()
  try {
    await pipeline(body, res)
  } catch {
    // The viewer went away, or the store broke off mid-object; the status line is already sent.
    body.destroy()
    res.destroy()
  }
}
