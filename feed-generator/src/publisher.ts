import { AtpAgent } from '@atproto/api'
import { algos } from './algos'
import type { AppContext } from './context'

/**
 * Writes (or refreshes) one app.bsky.feed.generator record per algorithm in the publisher's repo,
 * so that any Bluesky client can find and subscribe to our feeds.
 */
export async function publishFeedRecords(ctx: AppContext): Promise<void> {
  const publisher = ctx.cfg.publisher
  if (!publisher) return
  const agent = new AtpAgent({ service: publisher.pdsUrl })
  await agent.login({ identifier: publisher.identifier, password: publisher.password })
  if (agent.did !== ctx.cfg.publisherDid) {
    throw new Error(`publisher credentials are for ${agent.did}, not FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID ${ctx.cfg.publisherDid}`)
  }
  for (const algo of Object.values(algos)) {
    await agent.com.atproto.repo.putRecord({
      repo: ctx.cfg.publisherDid,
      collection: 'app.bsky.feed.generator',
      rkey: algo.rkey,
      record: {
        $type: 'app.bsky.feed.generator',
        did: ctx.cfg.serviceDid,
        displayName: algo.displayName,
        description: algo.description,
        contentMode: 'app.bsky.feed.defs#contentModeVideo',
        // We serve app.bsky.feed.sendInteractions: "less like this" steers the viewer's feeds.
        acceptsInteractions: true,
        createdAt: new Date().toISOString(),
      },
    })
  }
  ctx.logger.info({ feeds: ctx.feedUris() }, 'published feed generator records')
}
