/**
 * Who a text names: the people a prompt or a caption is about, by `@handle` or by the exact display
 * name of someone we know. Pure functions, shared by the generation service (prompts, before a job
 * runs) and the labeler (published prompts and captions). Finding a name is not proof that the
 * video shows that person; it is a claim the consent rule then checks, as it does for `depicts`.
 */

/** Someone whose display name counts as naming them (e.g. a grant holder). */
export interface KnownName {
  did: string
  displayName: string
}

export interface NamedInText {
  /** Handles mentioned as `@handle`, lower-case, each once, in order of first mention. */
  handles: string[]
  /** Known people whose exact display name appears as whole words (any case), each once. */
  people: KnownName[]
}

// URLs and e-mail addresses are dropped before anything is matched: "mail carol@example.com" or
// "example.com/@carol.test" name nobody.
const URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/giu
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
// A handle is a domain name: two or more labels of letters, digits and inner hyphens. The mention
// must not continue a word ("x@y.z" is an e-mail), a path or another mention.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const MENTION = new RegExp(`(?<![\\p{L}\\p{N}_@./\\\\])@(${LABEL}(?:\\.${LABEL})+)`, 'giu')
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u
const WORD = /[\p{L}\p{N}\p{M}]+/gu
/** Shorter names ("J") would match nearly every text; they never count. */
const MIN_NAME_LENGTH = 2

/** Everything a text names: @handles, and known people by display name. */
export function findNamed(text: string, known: Iterable<KnownName> = []): NamedInText {
  return { handles: mentionedHandles(text), people: namesIn(text, known) }
}

/** The handles a text mentions as `@handle` (not inside URLs or e-mail addresses), lower-case, each once. */
export function mentionedHandles(text: string): string[] {
  const found = new Set<string>()
  for (const m of withoutLinks(text).matchAll(MENTION)) {
    const handle = m[1]!.toLowerCase()
    // The top-level domain of a handle starts with a letter; "@1.5x" is not a handle.
    if (handle.length > 253 || !/^[a-z]/.test(handle.split('.').at(-1)!)) continue
    found.add(handle)
  }
  return [...found]
}

/**
 * The known people whose display name appears in the text exactly (ignoring case and runs of
 * spaces) as whole words: "Carol Ann" matches "with carol  ann!" but not "Carolann" or "Carol Anne".
 */
export function namesIn(text: string, known: Iterable<KnownName>): KnownName[] {
  const haystack = normalizeName(withoutLinks(text))
  const found = new Map<string, KnownName>()
  for (const person of known) {
    if (found.has(person.did)) continue
    const name = normalizeName(person.displayName)
    if (!isMatchableName(name)) continue
    if (containsWhole(haystack, name)) found.set(person.did, person)
  }
  return [...found.values()]
}

/** A display name as it is compared: NFKC, lower-case, spaces collapsed, trimmed. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
}

/** Whether a (normalized) display name is specific enough to count as naming someone. */
export function isMatchableName(normalized: string): boolean {
  return normalized.length >= MIN_NAME_LENGTH && /\p{L}/u.test(normalized)
}

/**
 * The distinct words of a text (letters, digits and marks; normalized as names are). A name can
 * only appear in a text that holds its first word, so a store of many names can be narrowed to
 * the candidates for one text by that word before namesIn checks them exactly.
 */
export function nameWords(text: string): string[] {
  return [...new Set(normalizeName(withoutLinks(text)).match(WORD) ?? [])]
}

/** The first word of a display name (see nameWords), or undefined when it has none. */
export function firstNameWord(displayName: string): string | undefined {
  return normalizeName(displayName).match(WORD)?.[0]
}

function withoutLinks(text: string): string {
  return text.replace(URL, ' ').replace(EMAIL, ' ')
}

function containsWhole(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack.slice(Math.max(0, at - 2), at)
    const after = haystack.slice(at + needle.length, at + needle.length + 2)
    // A name that starts or ends with a word character must not continue a longer word there.
    const startsInWord = WORD_CHAR.test(needle[0]!) && before.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(before)
    const endsInWord = WORD_CHAR.test(needle.at(-1)!) && after.length > 0 && /^[\p{L}\p{N}\p{M}]/u.test(after)
    if (!startsInWord && !endsInWord) return true
  }
  return false
}
