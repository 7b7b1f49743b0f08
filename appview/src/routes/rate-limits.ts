import type express from 'express'
import { ClientAddresses, RequestRateLimiter, type ServiceAuthVerifier } from '@framewright/service-kit'
import type { AppviewConfig } from '../config/config'

/** The appview's rate limits: one count per address (and account) for its API and pages, one per media family. */
export interface AppviewRateLimiters {
  /** XRPC methods and every other route but media: the did:web document, the web client's files and config. */
  requests: RequestRateLimiter
  /** Video bytes (/video) and drafts (/drafts): many Range requests per playback. */
  video: RequestRateLimiter
  /** Poster frames (/thumb): the first of each is made by ffmpeg. */
  thumb: RequestRateLimiter
}

/** Builds the limiters from config; a token `auth` verifies also counts against its account (on XRPC methods, the only routes that take one). */
export function appviewRateLimiters(cfg: Pick<AppviewConfig, 'rateLimits' | 'mediaRateLimits'>, auth: ServiceAuthVerifier): AppviewRateLimiters {
  const addresses = new ClientAddresses(cfg.rateLimits)
  // Media is fetched by <video> and <img> elements, which send no token: counted per address only.
  const media = (perIp: AppviewConfig['mediaRateLimits']['video'], what: string) =>
    new RequestRateLimiter({ ...cfg.rateLimits, perIp, perDid: undefined }, { what, addresses })
  return {
    requests: new RequestRateLimiter(cfg.rateLimits, { addresses }).countAccountsOf(auth),
    video: media(cfg.mediaRateLimits.video, 'video requests'),
    thumb: media(cfg.mediaRateLimits.thumb, 'thumbnail requests'),
  }
}

/** Counts media requests, each family against its own limit, ahead of the media routes. */
export function limitMedia(app: express.Application, limiters: AppviewRateLimiters): void {
  app.use(['/video', '/drafts'], limiters.video.middleware)
  app.use('/thumb', limiters.thumb.middleware)
}
