import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import express from 'express'
import { fileExists, extractThumbnail } from '@framewright/service-kit'
import type { AppContext } from '../context'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Video bytes with HTTP Range (what players need and a PDS's getBlob lacks), poster frames, and
 * generation drafts. Only blobs of indexed video posts are served: this is not an open proxy.
 */
export function mediaRoutes(ctx: AppContext): express.Router {
  const router = express.Router()
  const thumbsInFlight = new Map<string, Promise<void>>()
  const thumbsDir = join(ctx.cfg.mediaDir, 'thumbs')

  router.get('/video/:did/:cid', async (req, res) => {
    const video = await indexedVideo(ctx, req.params.did, req.params.cid)
    if (!video) return void res.status(404).json({ error: 'NotFound', message: 'no such video' })
    try {
      const path = await ctx.blobs.path(req.params.did, req.params.cid)
      res.sendFile(path, { headers: { 'content-type': video.blobMime, 'cache-control': IMMUTABLE }, acceptRanges: true })
    } catch (err) {
      ctx.logger.warn({ err, did: req.params.did, cid: req.params.cid }, 'could not serve video')
      res.status(502).json({ error: 'BlobUnavailable', message: 'the video could not be fetched from its PDS' })
    }
  })

  router.get('/thumb/:did/:cid', async (req, res) => {
    const { did, cid } = req.params
    if (!(await indexedVideo(ctx, did, cid))) return void res.status(404).json({ error: 'NotFound', message: 'no such video' })
    const out = join(thumbsDir, `${cid.replace(/[^a-z0-9]/gi, '')}.jpg`)
    try {
      if (!(await fileExists(out))) {
        let pending = thumbsInFlight.get(out)
        if (!pending) {
          pending = mkdir(thumbsDir, { recursive: true })
            .then(() => ctx.blobs.path(did, cid))
            .then((video) => extractThumbnail(video, out, { ffmpegPath: ctx.ffmpeg.ffmpeg }))
            .finally(() => thumbsInFlight.delete(out))
          thumbsInFlight.set(out, pending)
        }
        await pending
      }
      res.sendFile(out, { headers: { 'content-type': 'image/jpeg', 'cache-control': IMMUTABLE } })
    } catch (err) {
      ctx.logger.warn({ err, did, cid }, 'could not make a thumbnail')
      res.status(502).json({ error: 'ThumbnailUnavailable', message: 'no thumbnail could be made' })
    }
  })

  router.get('/drafts/:file', async (req, res) => {
    const match = /^([0-9a-f]{32})\.(mp4|jpg)$/.exec(req.params.file)
    if (!match) return void res.status(404).json({ error: 'NotFound', message: 'no such draft' })
    const [, id, ext] = match as unknown as [string, string, string]
    const path = ext === 'mp4' ? ctx.runner.draftPath(id) : ctx.runner.posterPath(id)
    if (!(await fileExists(path))) return void res.status(404).json({ error: 'NotFound', message: 'no such draft' })
    res.sendFile(path, { headers: { 'content-type': ext === 'mp4' ? 'video/mp4' : 'image/jpeg', 'cache-control': 'private, max-age=3600' } })
  })

  return router
}

async function indexedVideo(ctx: AppContext, did: string, cid: string) {
  return ctx.db.db
    .selectFrom('video')
    .select(['blobMime'])
    .where('creator', '=', did)
    .where('blobCid', '=', cid)
    .executeTakeFirst()
}
