import type { FeedInteractionTable } from '../db/feed-interaction-table'
import { tagColumnHas } from '../steering/words'

const HOUR = 3_600_000

/** How far one interaction moves a video (ms-scaled, like the rank). Less weighs more than more. */
export const INTERACTION_STEER = {
  lessCreator: 24 * HOUR,
  lessPerTag: 12 * HOUR,
  moreCreator: 12 * HOUR,
  morePerTag: 6 * HOUR,
  /** Tags counted per video, so a video with many matching tags cannot fall (or rise) without bound. */
  maxTags: 3,
}

/** What a viewer told us through sendInteractions, folded (latest word wins per creator and tag). */
export interface ViewerInteractions {
  /** Videos (and items as sent) the viewer asked less of: never shown to them again. */
  hidden: ReadonlySet<string>
  /** Creator DID → how feedContext names them. */
  lessCreators: ReadonlyMap<string, string>
  moreCreators: ReadonlyMap<string, string>
  /** Normalised tags. */
  lessTags: readonly string[]
  moreTags: readonly string[]
}

export const NO_INTERACTIONS: ViewerInteractions = { hidden: new Set(), lessCreators: new Map(), moreCreators: new Map(), lessTags: [], moreTags: [] }

/** One stored interaction, as ranking reads it (oldest first when folded). */
export type StoredInteraction = Pick<FeedInteractionTable, 'item' | 'videoUri' | 'creator' | 'creatorLabel' | 'tags' | 'event'>

/** Folds a viewer's interactions, oldest first, into what ranking reads: a later word about a creator or tag replaces an earlier one. */
export function foldInteractions(rows: readonly StoredInteraction[]): ViewerInteractions {
  const hidden = new Set<string>()
  const creators = new Map<string, { event: string; label: string }>()
  const tags = new Map<string, string>()
  for (const r of rows) {
    if (r.event !== 'less' && r.event !== 'more') continue
    if (r.event === 'less') {
      hidden.add(r.item)
      if (r.videoUri) hidden.add(r.videoUri)
    }
    creators.delete(r.creator)
    creators.set(r.creator, { event: r.event, label: r.creatorLabel })
    for (const tag of r.tags.split('|').filter(Boolean)) tags.set(tag, r.event)
  }
  const pick = (event: string) => new Map([...creators].filter(([, v]) => v.event === event).map(([did, v]) => [did, v.label]))
  return {
    hidden,
    lessCreators: pick('less'),
    moreCreators: pick('more'),
    lessTags: [...tags].filter(([, e]) => e === 'less').map(([t]) => t),
    moreTags: [...tags].filter(([, e]) => e === 'more').map(([t]) => t),
  }
}

/**
 * How a viewer's interactions move one video: left out (they asked for less of it), or a score
 * change and a sentence for feedContext. Watch time is never an input here, by design.
 */
export function interactionEffect(
  c: { uri: string; post?: string; creator: string; tags: string },
  i: ViewerInteractions,
): { hidden: true } | { hidden: false; delta: number; context?: string } {
  if (i.hidden.has(c.uri) || (c.post !== undefined && i.hidden.has(c.post))) return { hidden: true }
  let delta = 0
  const sentences: string[] = []
  for (const [kind, creators, tags, perCreator, perTag] of [
    ['less', i.lessCreators, i.lessTags, -INTERACTION_STEER.lessCreator, -INTERACTION_STEER.lessPerTag],
    ['more', i.moreCreators, i.moreTags, INTERACTION_STEER.moreCreator, INTERACTION_STEER.morePerTag],
  ] as const) {
    const label = creators.get(c.creator)
    const matched = tags.filter((t) => tagColumnHas(c.tags, t)).slice(0, INTERACTION_STEER.maxTags)
    if (label === undefined && matched.length === 0) continue
    delta += (label === undefined ? 0 : perCreator) + matched.length * perTag
    const what = [label === undefined ? '' : `from ${label}`, matched.map((t) => `#${t}`).join(', ')].filter(Boolean).join(', and ')
    sentences.push(kind === 'less' ? `Less like this: you asked for less ${what}.` : `More like this: you asked for more ${what}.`)
  }
  return { hidden: false, delta, context: sentences.length > 0 ? sentences.join(' ') : undefined }
}
