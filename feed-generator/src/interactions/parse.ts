/**
 * Reading a sendInteractions batch. Only two events steer anything: requestLess and requestMore.
 * Every other event — interactionSeen above all — is dropped here and never stored: this feed never
 * ranks by watch time, so what a viewer merely watched must not raise or lower anything.
 */

/** The events we act on, by the token clients send, and what we store them as. */
export const STEERING_EVENTS: Record<string, InteractionEvent> = {
  'app.bsky.feed.defs#requestLess': 'less',
  'app.bsky.feed.defs#requestMore': 'more',
}

export type InteractionEvent = 'less' | 'more'

/** One interaction we will act on. */
export interface SteeringInteraction {
  item: string
  event: InteractionEvent
}

/** At most this many interactions per call (the Bluesky app sends a few every ~10 s). */
export const MAX_INTERACTIONS_PER_CALL = 100

/** An item that is not the at-uri of a record (at://did/collection/rkey). */
export class InvalidInteractionItem extends Error {
  override name = 'InvalidItem'
}

/** Too many interactions in one call. */
export class TooManyInteractions extends Error {
  override name = 'TooManyInteractions'
}

const RECORD_URI = /^at:\/\/did:[a-z]+:[a-zA-Z0-9._:%-]+\/[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+\/[a-zA-Z0-9._:~-]{1,512}$/

/** The DID whose repo holds a record URI we accepted. */
export function repoOf(itemUri: string): string {
  return itemUri.slice('at://'.length).split('/')[0]!
}

/**
 * The interactions of a batch that steer, one per item (the last one about an item wins). Unknown
 * events and items without one are ignored; a malformed item, whatever its event, fails the batch:
 * it can only come from a broken client.
 */
export function parseInteractions(interactions: readonly { item?: string; event?: string }[]): SteeringInteraction[] {
  if (interactions.length > MAX_INTERACTIONS_PER_CALL) {
    throw new TooManyInteractions(`at most ${MAX_INTERACTIONS_PER_CALL} interactions per call, got ${interactions.length}`)
  }
  const byItem = new Map<string, InteractionEvent>()
  for (const { item, event } of interactions) {
    if (item === undefined) continue
    if (!RECORD_URI.test(item)) throw new InvalidInteractionItem(`not the at-uri of a feed item: ${JSON.stringify(item.slice(0, 200))}`)
    const steering = event === undefined ? undefined : STEERING_EVENTS[event]
    if (!steering) continue
    byItem.delete(item)
    byItem.set(item, steering)
  }
  return [...byItem].map(([item, event]) => ({ item, event }))
}
