import type { Label, LabelValueDefinition } from '../api/types'

/**
 * The values a moderator decides. Every other value of ours is owned by a detector, and the
 * labeler refuses those from moderators (NotModeratorLabel), so they are never offered.
 */
export const MODERATOR_VALUES = ['known-deepfake', '!hide', '!takedown'] as const
export type ModeratorValue = (typeof MODERATOR_VALUES)[number]

/** Protocol-defined values have no definition in a labeler's policies: their names are ours. */
const GLOBAL_NAMES: Record<string, string> = {
  '!hide': 'Hidden',
  '!takedown': 'Taken down',
  '!warn': 'Warning',
  '!no-unauthenticated': 'Logged-in only',
}

/** One thing a moderator may do to a report's subject. */
export interface DecisionOption {
  /** Stable key, usable in ids: "apply-known-deepfake", "negate-hide", "apply-takedown". */
  key: string
  val: ModeratorValue
  /** True to lift a label in force rather than apply it. */
  neg: boolean
  title: string
}

/**
 * The decisions on offer for a subject with these labels in force: apply each moderator value
 * that is not on it, lift each that is. A deepfake is a video, not an account, so accounts are
 * not offered `known-deepfake` (unless it is somehow on one, when it may be lifted).
 */
export function decisionOptions(
  subjectType: string,
  inForce: readonly Label[],
  definitions: ReadonlyMap<string, LabelValueDefinition>,
): DecisionOption[] {
  const present = new Set(inForce.filter((l) => !l.neg).map((l) => l.val))
  return MODERATOR_VALUES.flatMap((val): DecisionOption[] => {
    const name = labelName(val, definitions)
    if (present.has(val)) return [{ key: `negate-${bare(val)}`, val, neg: true, title: `Remove “${name}”` }]
    if (val === 'known-deepfake' && subjectType === 'account') return []
    return [{ key: `apply-${bare(val)}`, val, neg: false, title: `Apply “${name}”` }]
  })
}

const bare = (val: string) => val.replace(/^!/, '')

/** A label value's name in the labeler's own (English) words, else ours for global values, else the value. */
export function labelName(val: string, definitions: ReadonlyMap<string, LabelValueDefinition>): string {
  const locales = definitions.get(val)?.locales ?? []
  const locale = locales.find((l) => l.lang.toLowerCase().startsWith('en')) ?? locales[0]
  return locale?.name || GLOBAL_NAMES[val] || val
}

/** Whether a report's subject is a Framewright video the appview can hydrate. */
export function isVideoUri(uri: string): boolean {
  return /^at:\/\/[^/]+\/app\.framewright\.video\.post\/[^/]+$/.test(uri)
}

/** `com.atproto.moderation.defs#reasonMisleading` → "Misleading". */
export function reasonTypeName(reasonType: string): string {
  const tail = reasonType.split('#')[1] ?? reasonType
  const words = tail.replace(/^reason/, '').replace(/([a-z])([A-Z])/g, '$1 $2')
  return words ? words[0]!.toUpperCase() + words.slice(1).toLowerCase() : reasonType
}
