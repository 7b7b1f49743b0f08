import { readJson, writeJson, type KeyValueStore } from '../storage'
import { LABEL_SETTINGS, type LabelSetting } from './moderation'

const LABELERS_KEY = 'framewright.labelers'
const SETTINGS_KEY = 'framewright.labelSettings'
/** atproto-accept-labelers and getServices both take at most this many. */
export const MAX_LABELERS = 20

/** The viewer's choices per labeler DID, then per label value. */
export type LabelSettings = Readonly<Record<string, Readonly<Record<string, LabelSetting>>>>

/** The labelers the viewer accepts: their own list once they have edited it, else the defaults. */
export function loadAcceptedLabelers(store: KeyValueStore, defaults: readonly string[]): string[] {
  return readJson<string[] | null>(store, LABELERS_KEY, null, isDidList) ?? [...defaults]
}

export function saveAcceptedLabelers(store: KeyValueStore, dids: readonly string[]): void {
  writeJson(store, LABELERS_KEY, dids)
}

export function loadLabelSettings(store: KeyValueStore): LabelSettings {
  return readJson<LabelSettings>(store, SETTINGS_KEY, {}, isLabelSettings)
}

export function saveLabelSettings(store: KeyValueStore, settings: LabelSettings): void {
  writeJson(store, SETTINGS_KEY, settings)
}

/** A copy of `settings` with one choice changed; undefined goes back to the labeler's default. */
export function withLabelSetting(settings: LabelSettings, labeler: string, val: string, setting: LabelSetting | undefined): LabelSettings {
  const forLabeler = { ...settings[labeler] }
  if (setting) forLabeler[val] = setting
  else delete forLabeler[val]
  const next = { ...settings, [labeler]: forLabeler }
  if (Object.keys(forLabeler).length === 0) delete next[labeler]
  return next
}

/** Adds a labeler DID to the list, or says why not. */
export function addLabeler(dids: readonly string[], did: string): { dids: string[] } | { error: string } {
  const trimmed = did.trim()
  if (!/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(trimmed)) return { error: `"${trimmed}" is not a DID (did:plc:… or did:web:…)` }
  if (dids.includes(trimmed)) return { error: 'that labeler is already in your list' }
  if (dids.length >= MAX_LABELERS) return { error: `you can accept at most ${MAX_LABELERS} labelers` }
  return { dids: [...dids, trimmed] }
}

function isDidList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((d) => typeof d === 'string' && d.startsWith('did:'))
}

function isLabelSettings(v: unknown): v is LabelSettings {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false
  return Object.values(v).every(
    (perLabeler) => perLabeler && typeof perLabeler === 'object' && Object.values(perLabeler).every((s) => LABEL_SETTINGS.includes(s as LabelSetting)),
  )
}
