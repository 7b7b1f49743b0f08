import type { Agent } from '@atproto/api'
import type { LabelSettings } from './labelPrefs'
import { withLabelSetting } from './labelPrefs'
import type { LabelSetting } from './moderation'

const CONTENT_LABEL_PREF = 'app.bsky.actor.defs#contentLabelPref'

/** One item of an account's Bluesky preferences, as getPreferences returns it. */
export type PreferenceItem = { $type?: string } & Record<string, unknown>

/** A contentLabelPref's visibility as ours: Bluesky's 'ignore' (and the legacy 'show') is our 'show'. */
export function settingOfVisibility(visibility: unknown): LabelSetting | undefined {
  switch (visibility) {
    case 'ignore':
    case 'show':
      return 'show'
    case 'warn':
      return 'warn'
    case 'hide':
      return 'hide'
    default:
      return undefined
  }
}

/** Our setting as a contentLabelPref's visibility. */
export function visibilityOfSetting(setting: LabelSetting): 'ignore' | 'warn' | 'hide' {
  return setting === 'show' ? 'ignore' : setting
}

function isLabelerPref(item: PreferenceItem): item is PreferenceItem & { labelerDid: string; label: string; visibility: string } {
  return item.$type === CONTENT_LABEL_PREF && typeof item.labelerDid === 'string' && typeof item.label === 'string'
}

/**
 * The per-labeler choices in an account's preferences. Global contentLabelPrefs (no labelerDid:
 * Bluesky's adult-content labels) are not ours to show; where one label appears twice, the last wins,
 * as in the Bluesky app.
 */
export function settingsFromPreferences(items: readonly PreferenceItem[]): LabelSettings {
  let settings: LabelSettings = {}
  for (const item of items) {
    if (!isLabelerPref(item)) continue
    const setting = settingOfVisibility(item.visibility)
    if (setting) settings = withLabelSetting(settings, item.labelerDid, item.label, setting)
  }
  return settings
}

/**
 * The preferences with the choice for (labeler, label) replaced, or removed when `setting` is
 * undefined (back to the labeler's default). Every other item is kept as it was.
 */
export function withContentLabelPref(items: readonly PreferenceItem[], labeler: string, label: string, setting: LabelSetting | undefined): PreferenceItem[] {
  const others = items.filter((i) => !(isLabelerPref(i) && i.labelerDid === labeler && i.label === label))
  if (!setting) return others
  return [...others, { $type: CONTENT_LABEL_PREF, labelerDid: labeler, label, visibility: visibilityOfSetting(setting) }]
}

/** Label settings kept in the account's Bluesky preferences, so the Bluesky app shows the same choices. */
export interface AccountLabelSettings {
  load(): Promise<LabelSettings>
  /** Writes one choice (undefined: back to the labeler's default); resolves with all of them as saved. */
  set(labeler: string, label: string, setting: LabelSetting | undefined): Promise<LabelSettings>
}

/** The Agent's read-modify-write of the whole preferences list, under the lock its own preference writes take. */
interface PreferencesWriter {
  updatePreferences(update: (items: PreferenceItem[]) => PreferenceItem[]): Promise<PreferenceItem[]>
}

/**
 * Reads and writes contentLabelPref items with the account's own preferences, not the Agent's
 * processed view: that one drops choices for labelers missing from labelersPref, which is where the
 * app's own labeler is (it is always on here, and not stored). A write is the Agent's own
 * updatePreferences (private in its types, not in its code; @atproto/api is pinned and the tests use
 * a real Agent): it reads and writes the whole list under the lock every other preferences write of
 * that Agent takes, saved feeds and labelers, and the saved-feeds migration its getPreferences writes
 * for an account that has none, as every new one. A choice written beside the Agent, on a read made
 * while one of those was writing, was overwritten by it.
 */
export function accountLabelSettings(agent: Agent): AccountLabelSettings {
  const writer = agent as unknown as PreferencesWriter
  return {
    load: async () => settingsFromPreferences((await agent.app.bsky.actor.getPreferences()).data.preferences as PreferenceItem[]),
    async set(labeler, label, setting) {
      const saved = await writer.updatePreferences((items) => withContentLabelPref(items, labeler, label, setting))
      return settingsFromPreferences(saved)
    },
  }
}
