import type { LabelCause, ModerationDecision } from './moderation'

/** Why videos were hidden: a moderator's decision, or the viewer's own choices for a label. */
export interface HiddenCounts {
  /** Taken down or hidden by a moderation service (!takedown, !hide, …): not the viewer's doing. */
  byModerators: number
  /** Hidden because the viewer (or a labeler's default) set one of its labels to hide. */
  bySettings: number
}

/** A cause the viewer cannot change: global values, which only moderators apply. */
function isModeratorCause(cause: LabelCause): boolean {
  return cause.val.startsWith('!')
}

/** Why a decision hides its video (a video with both kinds of cause counts as the moderators'), or undefined when it does not. */
function hiddenReason(d: ModerationDecision): keyof HiddenCounts | undefined {
  if (d.action !== 'hide') return undefined
  return d.causes.some(isModeratorCause) ? 'byModerators' : 'bySettings'
}

/** Counts hidden decisions by why they were hidden. */
export function countHidden(decisions: readonly ModerationDecision[]): HiddenCounts {
  const counts: HiddenCounts = { byModerators: 0, bySettings: 0 }
  for (const d of decisions) {
    const reason = hiddenReason(d)
    if (reason) counts[reason]++
  }
  return counts
}

/** Which videos were hidden, by the same reasons as countHidden: for the note's data attributes, so a check can name one video. */
export function hiddenUris(decided: readonly { uri: string; decision: ModerationDecision }[]): Record<keyof HiddenCounts, string[]> {
  const uris: Record<keyof HiddenCounts, string[]> = { byModerators: [], bySettings: [] }
  for (const { uri, decision } of decided) {
    const reason = hiddenReason(decision)
    if (reason) uris[reason].push(uri)
  }
  return uris
}

const videos = (n: number) => `${n} ${n === 1 ? 'video' : 'videos'}`

/** One sentence that says how many videos were hidden and why, or undefined when none were. */
export function hiddenSentence(counts: HiddenCounts): string | undefined {
  const parts: string[] = []
  if (counts.byModerators > 0) parts.push(`${videos(counts.byModerators)} removed by moderators`)
  if (counts.bySettings > 0) parts.push(`${videos(counts.bySettings)} hidden by your label settings`)
  if (parts.length === 0) return undefined
  return parts.join(', ')
}
