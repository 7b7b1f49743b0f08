/** What a key does in the feed, or undefined when the feed leaves it alone. */
export type FeedKeyAction = 'next' | 'previous' | 'play-pause' | 'mute'

/** Where a key press happened, as far as the feed needs to know. */
export interface KeyTarget {
  /** Text is typed here (input, textarea, select, contenteditable): every key belongs to it. */
  editable: boolean
  /** A button, link or summary: Space and Enter press it. */
  pressable: boolean
  /** Inside an open dialog: the dialog owns the keyboard. */
  inDialog: boolean
}

/**
 * Maps a key to a feed action: ↑/↓, j/k and PageUp/PageDown move between videos, Space plays or
 * pauses, m mutes. Keys typed into text fields, pressed on buttons (Space) or inside dialogs, and
 * keys with a modifier (browser and system shortcuts) are left alone.
 */
export function feedKeyAction(key: string, mods: { ctrl: boolean; meta: boolean; alt: boolean }, target: KeyTarget): FeedKeyAction | undefined {
  if (mods.ctrl || mods.meta || mods.alt || target.editable || target.inDialog) return undefined
  switch (key) {
    case 'ArrowDown':
    case 'PageDown':
    case 'j':
      return 'next'
    case 'ArrowUp':
    case 'PageUp':
    case 'k':
      return 'previous'
    case ' ':
      return target.pressable ? undefined : 'play-pause'
    case 'm':
      return 'mute'
    default:
      return undefined
  }
}
