import type { Label, LabelValueDefinition } from '../api/types'

/** What the viewer chose for one label value of one labeler. */
export type LabelSetting = 'show' | 'warn' | 'hide'
export const LABEL_SETTINGS: readonly LabelSetting[] = ['show', 'warn', 'hide']

export type Severity = 'inform' | 'alert' | 'none'
export type Blurs = 'content' | 'media' | 'none'

/** One label on a video, resolved against its labeler's definition and the viewer's setting. */
export interface LabelCause {
  val: string
  /** The labeler that applied it. */
  src: string
  name: string
  description: string
  severity: Severity
  blurs: Blurs
  setting: LabelSetting
  /** False for global values (!hide, !warn) and labels their labeler never defined. */
  configurable: boolean
}

/** Everything the decision needs besides the video itself. */
export interface ModerationContext {
  acceptedLabelers: readonly string[]
  /** Label definitions per labeler DID, from the labelers' published policies. */
  definitions: ReadonlyMap<string, ReadonlyMap<string, LabelValueDefinition>>
  /** The viewer's own setting for (labeler, value), when they picked one. */
  settingFor: (labeler: string, val: string) => LabelSetting | undefined
  loggedIn: boolean
  /** Epoch ms, to drop expired labels. */
  now: number
  /** Preferred languages for label names, best first. */
  langs: readonly string[]
}

/** How to render one video. */
export type ModerationDecision =
  | { action: 'hide'; causes: LabelCause[] }
  | { action: 'warn'; blurs: 'content' | 'media'; causes: LabelCause[]; chips: LabelCause[] }
  | { action: 'show'; chips: LabelCause[] }

/** The subject of a moderation decision: a video's author and the labels hydrated onto it. */
export interface Moderatable {
  creator: { did: string }
  labels: readonly Label[]
}

/**
 * Decides whether a video is hidden, blurred behind a warning, or shown with label chips.
 * hide beats warn beats show; a warn only blurs when the label blurs media or content,
 * otherwise it is a chip like any inform label.
 */
export function moderateVideo(video: Moderatable, ctx: ModerationContext): ModerationDecision {
  const causes = dedupe(
    activeLabels(video.labels, ctx.now)
      .filter((l) => ctx.acceptedLabelers.includes(l.src) || l.src === video.creator.did)
      .map((l) => interpretLabel(l, ctx))
      .filter((c): c is LabelCause => c !== undefined),
  )
  const hiding = causes.filter((c) => c.setting === 'hide')
  if (hiding.length > 0) return { action: 'hide', causes: hiding }
  const chips = causes.filter((c) => c.severity !== 'none')
  const blurring = causes.filter((c) => c.setting === 'warn' && c.blurs !== 'none')
  if (blurring.length > 0) {
    const blurs = blurring.some((c) => c.blurs === 'content') ? 'content' : 'media'
    return { action: 'warn', blurs, causes: blurring, chips }
  }
  return { action: 'show', chips }
}

/** Resolves one label, or undefined when it has no effect for this viewer. */
export function interpretLabel(label: Label, ctx: ModerationContext): LabelCause | undefined {
  const base = { val: label.val, src: label.src }
  switch (label.val) {
    case '!takedown':
    case '!suspend':
      // The appview removes these when it redacts for this labeler; one it did not redact for
      // (a labeler the viewer added themselves) must still not play.
      return {
        ...base,
        name: 'Taken down by moderators',
        description: 'A moderation service took this video down.',
        severity: 'alert',
        blurs: 'content',
        setting: 'hide',
        configurable: false,
      }
    case '!hide':
      return {
        ...base,
        name: 'Hidden by moderators',
        description: 'A moderation service removed this video from view.',
        severity: 'alert',
        blurs: 'content',
        setting: 'hide',
        configurable: false,
      }
    case '!warn':
      return {
        ...base,
        name: 'Content warning',
        description: 'A moderation service put a warning on this video.',
        severity: 'alert',
        blurs: 'content',
        setting: 'warn',
        configurable: false,
      }
    case '!no-unauthenticated':
      if (ctx.loggedIn) return undefined
      return {
        ...base,
        name: 'Logged-in viewers only',
        description: 'The author asked that only logged-in viewers see this.',
        severity: 'none',
        blurs: 'content',
        setting: 'hide',
        configurable: false,
      }
  }
  // Other global values ('!' prefix) are reserved for behaviour this client does not implement.
  if (label.val.startsWith('!')) return undefined
  const def = ctx.definitions.get(label.src)?.get(label.val)
  if (!def) {
    // An undeclared value cannot be configured, but the viewer should still see that it is there.
    return {
      ...base,
      name: label.val,
      description: `Applied by ${label.src}, which does not describe it.`,
      severity: 'inform',
      blurs: 'none',
      setting: 'show',
      configurable: false,
    }
  }
  const { name, description } = localizedStrings(def, ctx.langs)
  return {
    ...base,
    name,
    description,
    severity: asSeverity(def.severity),
    blurs: asBlurs(def.blurs),
    setting: ctx.settingFor(label.src, label.val) ?? defaultSettingOf(def),
    configurable: true,
  }
}

/** Labels that still apply: not negated by a later label of the same labeler, and not expired. */
export function activeLabels(labels: readonly Label[], now: number): Label[] {
  const latest = new Map<string, Label>()
  for (const label of labels) {
    const key = `${label.src} ${label.uri} ${label.val}`
    const seen = latest.get(key)
    // On a tie a negation wins: a labeler that both applied and negated at once means "not".
    const order = seen ? Date.parse(label.cts) - Date.parse(seen.cts) : 1
    if (!seen || order > 0 || (order === 0 && label.neg)) latest.set(key, label)
  }
  return [...latest.values()].filter((l) => !l.neg && !(l.exp && Date.parse(l.exp) <= now))
}

/** The viewer setting a definition asks for until the viewer chooses (its 'ignore' is our 'show'). */
export function defaultSettingOf(def: Pick<LabelValueDefinition, 'defaultSetting'>): LabelSetting {
  switch (def.defaultSetting) {
    case 'ignore':
      return 'show'
    case 'hide':
      return 'hide'
    default:
      // 'warn', and anything newer than this client: warning is the cautious reading.
      return 'warn'
  }
}

/** The definition's name and description in the first of `langs` it has, else English, else its first. */
export function localizedStrings(def: Pick<LabelValueDefinition, 'identifier' | 'locales'>, langs: readonly string[]): { name: string; description: string } {
  const locales = def.locales ?? []
  const primary = (tag: string) => tag.toLowerCase().split('-')[0]
  const pick =
    langs.map((lang) => locales.find((l) => l.lang.toLowerCase() === lang.toLowerCase())).find(Boolean) ??
    langs.map((lang) => locales.find((l) => primary(l.lang) === primary(lang))).find(Boolean) ??
    locales.find((l) => primary(l.lang) === 'en') ??
    locales[0]
  return { name: pick?.name || def.identifier, description: pick?.description ?? '' }
}

function asSeverity(s: string): Severity {
  return s === 'alert' || s === 'none' ? s : 'inform'
}

function asBlurs(b: string): Blurs {
  return b === 'content' || b === 'media' ? b : 'none'
}

function dedupe(causes: LabelCause[]): LabelCause[] {
  const seen = new Set<string>()
  return causes.filter((c) => {
    const key = `${c.src} ${c.val}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
