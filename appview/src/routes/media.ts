import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import express from 'express'
import { MediaBusyError, MediaTooLargeError, extractThumbnail, isStorageFull } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { mediaKeys } from '../media/keys'
import { serveStored } from '../media/serve'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Video bytes with HTTP Range (what players need and a PDS's getBlob lacks), poster frames, and
 * generation drafts, all from the media store. Only blobs of indexed video posts are served: this
 * is not an open proxy.
 */
export function mediaRoutes(ctx: AppContext): express.Router {
  const router = express.Router()
  const thumbsInFlight = new Map<string, Promise<void>>()

  router.get('/video/:did/:cid', async (req, res) => {
    const video = await indexedVideo(ctx, req.params.did, req.params.cid)
    if (!video) return void res.status(404).json({ error: 'NotFound', message: 'no such video' })
    let blob
    try {
      blob = await ctx.blobs.ensure(req.params.did, req.params.cid)
    } catch (err) {
      if (isStorageFull(err)) return void storageFull(ctx, res, err)
      ctx.logger.warn({ err, did: req.params.did, cid: req.params.cid }, 'could not serve video')
      return void res.status(502).json({ error: 'BlobUnavailable', message: 'the video could not be fetched from its PDS' })
    }
    await serveOrFail(ctx, res, () => serveStored(req, res, ctx.media, blob.key, { contentType: video.blobMime, cacheControl: IMMUTABLE, size: blob.size }))
  })

  router.get('/thumb/:did/:cid', async (req, res) => {
    const { did, cid } = req.params
    if (!(await indexedVideo(ctx, did, cid))) return void res.status(404).json({ error: 'NotFound', message: 'no such video' })
    const key = mediaKeys.thumb(cid)
    let size: number
    try {
      let stored = await ctx.media.stat(key)
      if (!stored) {
        let pending = thumbsInFlight.get(key)
        if (!pending) {
          pending = makeThumbnail(ctx, did, cid, key).finally(() => thumbsInFlight.delete(key))
          thumbsInFlight.set(key, pending)
        }
        await pending
        stored = await ctx.media.stat(key)
      }
      if (!stored) throw new Error(`thumbnail ${key} vanished after it was made`)
      size = stored.size
    } catch (err) {
      // Too many posters being made at once: the client may ask again shortly, and nothing is wrong with the video.
      if (err instanceof MediaBusyError) {
        return void res.status(503).set('retry-after', String(err.retryAfterSeconds)).json({ error: 'MediaBusy', message: 'too many thumbnails are being made; try again shortly' })
      }
      if (isStorageFull(err)) return void storageFull(ctx, res, err)
      if (err instanceof MediaTooLargeError) {
        return void res.status(413).json({ error: 'MediaTooLarge', message: 'the video is too large for this appview to make a thumbnail of' })
      }
      ctx.logger.warn({ err, did, cid }, 'could not make a thumbnail')
      return void res.status(502).json({ error: 'ThumbnailUnavailable', message: 'no thumbnail could be made' })
    }
    await serveOrFail(ctx, res, () => serveStored(req, res, ctx.media, key, { contentType: 'image/jpeg', cacheControl: IMMUTABLE, size }))
  })

  router.get('/drafts/:file', async (req, res) => {
    const match = /^([0-9a-f]{32})\.(mp4|jpg)$/.exec(req.params.file)
    if (!match) return void res.status(404).json({ error: 'NotFound', message: 'no such draft' })
    const [, id, ext] = match as unknown as [string, string, string]
    const key = ext === 'mp4' ? mediaKeys.draft(id) : mediaKeys.poster(id)
    const stored = await ctx.media.stat(key).catch((err) => void ctx.logger.warn({ err, key }, 'could not look up a draft'))
    if (!stored) return void res.status(404).json({ error: 'NotFound', message: 'no such draft' })
    const contentType = ext === 'mp4' ? 'video/mp4' : 'image/jpeg'
    await serveOrFail(ctx, res, () => serveStored(req, res, ctx.media, key, { contentType, cacheControl: 'private, max-age=3600', size: stored.size }))
  })

  return router
}

/** The poster frame of a blob, made by ffmpeg on this machine and put in the store for every replica. */
async function makeThumbnail(ctx: AppContext, did: string, cid: string, key: string): Promise<void> {
  const video = await ctx.blobs.localPath(did, cid)
  const tmpDir = join(ctx.cfg.mediaDir, 'tmp')
  await mkdir(tmpDir, { recursive: true })
  const out = join(tmpDir, `thumb-${randomBytes(8).toString('hex')}.jpg`)
  try {
    await extractThumbnail(video, out, { tools: ctx.ffmpeg })
    await ctx.media.put(key, out, 'image/jpeg')
  } finally {
    await rm(out, { force: true })
  }
}

/**
 * Our own disk is full: not the video's fault nor its PDS's, and it may pass (the cache evicts, an
 * operator makes room). 507 Insufficient Storage, named, so that neither a viewer nor an operator
 * reads it as a bad video or an unreachable PDS.
 */
function storageFull(ctx: AppContext, res: express.Response, err: unknown): void {
  ctx.logger.error({ err }, 'the media store is full: a video could not be cached')
  res.status(507).json({ error: 'StorageFull', message: "this appview's media storage is full; try again later" })
}

/** A store that fails once the answer has begun can only cut the connection; before, it is a 502. */
async function serveOrFail(ctx: AppContext, res: express.Response, serve: () => Promise<void>): Promise<void> {
  try {
    await serve()
  } catch (err) {
    // A player that seeks or scrolls on closes its request mid-answer: that is not the store failing.
    if ((err as NodeJS.ErrnoException).code === 'ECONNABORTED' || res.req.destroyed) return
    ctx.logger.warn({ err }, 'could not read from the media store')
    if (!res.headersSent) res.status(502).json({ error: 'MediaUnavailable', message: 'the media store could not be read' })
    else res.destroy()
  }
}

async function indexedVideo(ctx: AppContext, did: string, cid: string) {
  return ctx.db.db
    .selectFrom('video')
    .select(['blobMime'])
    .where('creator', '=', did)
    .where('blobCid', '=', cid)
    .executeTakeFirst()
}
