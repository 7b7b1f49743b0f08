import { ids, InvalidRecordError, validateRecord, type FeedPrefs } from '@framewright/lexicons'

/** The settings panel's state: what the viewer typed, before it becomes a feed.prefs record. */
export interface PrefsForm {
  instruction: string
  /** Comma-separated, as typed. */
  mutedTags: string
  /** Whole numbers as typed; '' for "not set". */
  dailyLimit: string
  breakReminderMinutes: string
}

/** The form cannot become a valid record; the message says what to fix. */
export class PrefsFormError extends Error {
  override name = 'PrefsFormError'
}

/** The form showing existing prefs, or an empty one. */
export function formFromPrefs(prefs: FeedPrefs.Record | undefined): PrefsForm {
  return {
    instruction: prefs?.instruction ?? '',
    mutedTags: (prefs?.mutedTags ?? []).join(', '),
    dailyLimit: prefs?.dailyLimit?.toString() ?? '',
    breakReminderMinutes: prefs?.breakReminderMinutes?.toString() ?? '',
  }
}

/** Muted tags from what was typed: split on commas, trimmed, without '#' or duplicates (case-insensitive). */
export function parseTagList(text: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of text.split(/[,\n]/)) {
    const tag = raw.trim().replace(/^#+/, '').trim()
    if (!tag || seen.has(tag.toLowerCase())) continue
    seen.add(tag.toLowerCase())
    out.push(tag)
  }
  return out
}

function wholeNumber(text: string, what: string, min: number, max: number): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new PrefsFormError(`${what} must be a whole number from ${min} to ${max}, or empty.`)
  return Number(t)
}

/**
 * The feed.prefs record the form describes, validated against its lexicon. Weights set elsewhere
 * (another client) are kept: this panel does not edit them.
 */
export function prefsFromForm(form: PrefsForm, now: Date, previous?: FeedPrefs.Record): FeedPrefs.Record {
  const instruction = form.instruction.trim()
  const mutedTags = parseTagList(form.mutedTags)
  const record = {
    $type: ids.AppFramewrightFeedPrefs,
    ...(instruction ? { instruction } : {}),
    ...(previous?.weights ? { weights: previous.weights } : {}),
    ...optional('dailyLimit', wholeNumber(form.dailyLimit, 'Videos per day', 1, 1000)),
    ...optional('breakReminderMinutes', wholeNumber(form.breakReminderMinutes, 'Break reminder', 1, 600)),
    mutedTags,
    createdAt: now.toISOString(),
  }
  try {
    return validateRecord(ids.AppFramewrightFeedPrefs, record)
  } catch (err) {
    if (err instanceof InvalidRecordError) throw new PrefsFormError(`These settings cannot be saved: ${err.message}`)
    throw err
  }
}

function optional<K extends string>(key: K, value: number | undefined): { [k in K]?: number } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]?: number })
}
