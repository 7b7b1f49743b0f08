import type { View } from '../useHashView'

export interface NavItem {
  view: View
  label: string
  needsAccount?: boolean
  moderatorsOnly?: boolean
}

const NAV: NavItem[] = [
  { view: 'feed', label: 'Watch' },
  { view: 'create', label: 'Create' },
  // Consent is about your own likeness: there is nothing to show to someone logged out.
  { view: 'consent', label: 'Consent', needsAccount: true },
  { view: 'search', label: 'Search' },
  { view: 'labels', label: 'Labels' },
  { view: 'notifications', label: 'Notifications', needsAccount: true },
  { view: 'moderation', label: 'Moderation', moderatorsOnly: true },
]

/** The screens this person can go to: the top bar (wide screens) and the tab bar (phones) show the same. */
export function navItems(loggedIn: boolean, canModerate: boolean): NavItem[] {
  return NAV.filter((n) => (loggedIn || !n.needsAccount) && (canModerate || !n.moderatorsOnly))
}
