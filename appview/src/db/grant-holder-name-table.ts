/**
 * Display names of people with a likeness grant, from their app.bsky.actor.profile: the names a
 * prompt can name them by. Only grant holders are kept (the appview knows nobody else's face or
 * consent), refreshed when their grant or profile changes.
 */
export interface GrantHolderNameTable {
  did: string
  /** As the person wrote it; null when they have no profile or no display name. */
  displayName: string | null
  /** The name as it is compared (see normalizeName), for typeahead; null with no name. */
  normalizedName: string | null
  /** The name's first word (normalized), to find the names a text could hold; null when it cannot name anyone. */
  firstWord: string | null
  checkedAt: string
}
