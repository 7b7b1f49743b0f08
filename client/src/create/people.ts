import type { ConsentCheck } from '../api/types'
import { XrpcError } from '../api/xrpc'

/** Someone the creator says is in the video, with what their grant says about the creator. */
export interface PickedPerson {
  check: ConsentCheck
  /** 'remix': in the video being remixed, so in this one too (they cannot be left out). */
  source: 'picked' | 'remix'
}

/** Refusals of createJob that are about who is in the video: shown as the sentence they are. */
export const PEOPLE_REFUSALS = new Set(['LikenessNotConsented', 'MentionNotFound', 'RemixNotFound', 'TooManyPeople'])

/** A video names at most this many people (app.framewright.video.post#depicts). */
export const MAX_PEOPLE = 8

/** How a person is named on screen. */
export function personName(check: Pick<ConsentCheck, 'subject'>): string {
  return check.subject.handle !== 'handle.invalid' ? `@${check.subject.handle}` : check.subject.did
}

/**
 * Adds someone to the people in the video. A person whose grant does not cover the creator cannot
 * be picked: the answer is why not (the appview's sentence), and the list is unchanged. People who
 * come with a remix are listed whatever their grant says, since leaving them out is not possible.
 */
export function addPerson(people: PickedPerson[], check: ConsentCheck, source: PickedPerson['source']): { people: PickedPerson[]; refusal?: string } {
  if (source === 'picked' && !check.consented) return { people, refusal: check.message }
  const rest = people.filter((p) => p.check.subject.did !== check.subject.did)
  const kept = people.find((p) => p.check.subject.did === check.subject.did)
  // Someone both picked and in the remix stays a remix person (not removable).
  const next: PickedPerson = { check, source: kept?.source === 'remix' ? 'remix' : source }
  if (!kept && people.length >= MAX_PEOPLE) return { people, refusal: `A video can name at most ${MAX_PEOPLE} people.` }
  return { people: kept ? people.map((p) => (p === kept ? next : p)) : [...rest, next] }
}

/** Why nothing can be generated with these people, or undefined when everyone's grant covers the creator. */
export function blockedBy(people: PickedPerson[]): string | undefined {
  const refused = people.filter((p) => !p.check.consented)
  return refused.length > 0 ? refused.map((p) => p.check.message).join(' ') : undefined
}

/** The end of a grant, for people: "until 12 Jun 2026, 14:30"; undefined for a grant with no end. */
export function expiryText(iso: string | undefined, consented: boolean, opts: { locale?: string; timeZone?: string } = {}): string | undefined {
  if (!iso) return undefined
  const when = new Date(iso)
  if (Number.isNaN(when.getTime())) return undefined
  const text = when.toLocaleString(opts.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: opts.timeZone })
  return consented ? `until ${text}` : `ended ${text}`
}

/** The words to show for a failed createJob: a refusal about people is its own sentence. */
export function jobErrorText(err: unknown, fallback: (err: unknown) => string): { text: string; isRefusal: boolean } {
  if (err instanceof XrpcError && PEOPLE_REFUSALS.has(err.error)) return { text: err.message, isRefusal: true }
  return { text: `Could not start the job: ${fallback(err)}`, isRefusal: false }
}
