/** Finds the URIs of videos and the DIDs of people for a search, best match first. */
export interface SearchIndex {
  /** `words` as searchWords gives them: each word, or the start of it, must appear. */
  videos(words: string[], page: { limit: number; offset: number }): Promise<string[]>
  actors(words: string[], page: { limit: number; offset: number }): Promise<string[]>
}

/**
 * The words of a search, lower-case letters and digits only (at most 16), or undefined when there
 * are none: nothing a person types is query syntax to either engine.
 */
export function searchWords(text: string): string[] | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.length === 0 ? undefined : words.slice(0, 16)
}
