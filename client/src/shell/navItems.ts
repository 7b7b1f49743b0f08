import type { View } from '../useHashView'

export interface NavItem {
  view: View
  label: string
  needsAccount?: boolean
  moderatorsOnly?: boolean
  /** Shown as an icon button in the top bar at every width (the label is its accessible name), not as a tab. */
  icon?: boolean
}

const NAV: NavItem[] = [
  { view: 'feed', label: 'Watch' },
  { view: 'create', label: 'Create' },
  // Consent is about your own likeness: there is nothing to show to someone logged out.
  { view: 'consent', label: 'Consent', needsAccount: true },
  { view: 'search', label: 'Search', icon: true },
  { view: 'labels', label: 'Labels' },
  { view: 'notifications', label: 'Notifications', needsAccount: true, icon: true },
  { view: 'moderation', label: 'Moderation', moderatorsOnly: true },
]

/** The screens this person can go to: the top bar (wide screens) and the tab bar (phones) show the same. */
export function navItems(loggedIn: boolean, canModerate: boolean): NavItem[] {
  return NAV.filter((n) => (loggedIn || !n.needsAccount) && (canModerate || !n.moderatorsOnly))
}
