import type { ExpressionBuilder, Kysely } from 'kysely'
import { preparedQuery } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'
import { foldInteractions, type ViewerInteractions } from './effect'
import { repoOf, type SteeringInteraction } from './parse'

/** What we keep per viewer: their latest interactions only, so storage and ranking cost stay bounded. */
export const MAX_INTERACTIONS_PER_VIEWER = 500

/** Names a creator for feedContext ("@alice.test"); falls back to the DID. */
export type CreatorLabeler = (did: string) => Promise<string>

/**
 * Stores a viewer's interactions durably: one row per item (asking again replaces it), with the
 * video, creator and tags it resolved to, then drops all but the viewer's newest
 * MAX_INTERACTIONS_PER_VIEWER. Idempotent: the same batch twice leaves the same rows.
 */
export async function recordInteractions(
  db: Kysely<FeedgenSchema>,
  viewer: string,
  interactions: readonly SteeringInteraction[],
  labelCreator: CreatorLabeler,
  now: Date = new Date(),
): Promise<void> {
  if (interactions.length === 0) return
  const items = interactions.map((i) => i.item)
  // The item is normally the companion post we listed; a client may send the video itself.
  const known = await db
    .selectFrom('feed_item')
    .select(['uri', 'post', 'creator', 'tags'])
    .where((eb) => eb.or([eb('post', 'in', items), eb('uri', 'in', items)]))
    .execute()
  const byItem = new Map<string, (typeof known)[number]>()
  for (const k of known) byItem.set(k.post, k).set(k.uri, k)
  const creators = [...new Set(interactions.map((i) => byItem.get(i.item)?.creator ?? repoOf(i.item)))]
  const labels = new Map(await Promise.all(creators.map(async (did) => [did, await labelCreator(did).catch(() => did)] as const)))
  // One timestamp per batch, a millisecond apart, so that order within the batch survives the fold.
  const rows = interactions.map((i, n) => {
    const k = byItem.get(i.item)
    const creator = k?.creator ?? repoOf(i.item)
    return {
      viewer,
      item: i.item,
      videoUri: k?.uri ?? null,
      creator,
      creatorLabel: labels.get(creator) ?? creator,
      tags: k?.tags ?? '|',
      event: i.event,
      at: new Date(now.getTime() + n).toISOString(),
    }
  })
  await db.transaction().execute(async (tx) => {
    for (const row of rows) {
      await tx
        .insertInto('feed_interaction')
        .values(row)
        .onConflict((oc) => oc.columns(['viewer', 'item']).doUpdateSet(row))
        .execute()
    }
    await tx
      .deleteFrom('feed_interaction')
      .where('viewer', '=', viewer)
      .where('item', 'not in', (eb) =>
        eb
          .selectFrom('feed_interaction')
          .select('item')
          .where('viewer', '=', viewer)
          .orderBy('at', 'desc')
          .orderBy('item', 'desc')
          .limit(MAX_INTERACTIONS_PER_VIEWER),
      )
      .execute()
  })
}

/** A viewer's stored interactions, folded into what ranking reads (one indexed lookup). */
export async function loadViewerInteractions(db: Kysely<FeedgenSchema>, viewer: string): Promise<ViewerInteractions> {
  return foldInteractions(await interactionsOf(db, viewer))
}

// Prepared: every steered page reads them.
const interactionsOf = preparedQuery((db: Kysely<FeedgenSchema>, viewer: string) =>
  db
    .selectFrom('feed_interaction')
    .select(['item', 'videoUri', 'creator', 'creatorLabel', 'tags', 'event'])
    .where('viewer', '=', viewer)
    .orderBy('at', 'asc')
    .orderBy('item', 'asc'),
)

/** The videos a viewer asked for less of, as a subquery: `uri not in (…)` keeps them out of a page. */
export function askedLessOf(eb: ExpressionBuilder<FeedgenSchema, 'feed_item'>, viewer: string) {
  return eb
    .selectFrom('feed_interaction')
    .select('feed_interaction.videoUri')
    .where('feed_interaction.viewer', '=', viewer)
    .where('feed_interaction.event', '=', 'less')
    .where('feed_interaction.videoUri', 'is not', null)
}
