/**
 * The one normalisation shared by what is stored about a video and what a viewer asks for, so the
 * two always meet: lower case, letters and digits only, and a crude plural fold ("cats" → "cat").
 */

/** One word, normalised; '' when nothing of it is left. */
export function normalizeWord(word: string): string {
  const w = word.toLowerCase().replace(/^#+/, '')
  if (!/^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(w)) return ''
  // Fold a plural "s" but not "ss" ("glass") nor short words ("bus").
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w
}

/** The distinct normalised words of some texts. */
export function wordsOf(...texts: string[]): string[] {
  const out = new Set<string>()
  for (const text of texts) {
    for (const raw of text.match(/[#\p{L}\p{N}-]+/gu) ?? []) {
      const w = normalizeWord(raw.replace(/^-+|-+$/g, ''))
      if (w) out.add(w)
    }
  }
  return [...out]
}

/** Words as stored in a column: " a b c ", so that membership is one `includes(" w ")`. */
export function wordColumn(words: string[]): string {
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `
}

/** Whether a stored word column holds a (normalised) word. */
export function columnHas(column: string, word: string): boolean {
  return word !== '' && column.includes(` ${word} `)
}

/** A tag as muted tags compare it: lower case, trimmed, without a leading '#'. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/^#+/, '').replace(/\s+/g, ' ')
}

/** Tags as stored in a column, "|" separated (tags may hold spaces): "|cats|sunset beach|". */
export function tagColumn(tags: string[]): string {
  const distinct = [...new Set(tags.map(normalizeTag).filter(Boolean))]
  return distinct.length === 0 ? '|' : `|${distinct.map((t) => t.replace(/\|/g, ' ')).join('|')}|`
}

/** Whether a stored tag column holds a tag (compared case-insensitively). */
export function tagColumnHas(column: string, tag: string): boolean {
  const t = normalizeTag(tag).replace(/\|/g, ' ')
  return t !== '' && column.includes(`|${t}|`)
}
