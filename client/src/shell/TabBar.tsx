import type { ReactNode } from 'react'
import { useSession } from '../session/SessionContext'
import type { View } from '../useHashView'
import { navItems } from './navItems'

export interface TabBarProps {
  view: View
  onNavigate: (view: View) => void
  canModerate: boolean
}

const ICONS: Partial<Record<View, ReactNode>> = {
  feed: <path d="M8 5.5v13l10-6.5z" />,
  create: <path d="M12 5v14M5 12h14" />,
  consent: (
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 19.5c1-3.5 3.8-5.5 7-5.5s6 2 7 5.5" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M20 20l-4.5-4.5" />
    </>
  ),
  labels: <path d="M4 12.5V5h7.5l8.5 8.5-7.5 7.5zM8 8.5h.01" />,
  notifications: <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0" />,
  moderation: <path d="M12 3.5l7 3v5c0 4.5-3 7.8-7 9-4-1.2-7-4.5-7-9v-5z" />,
}

/**
 * Navigation at the bottom of a phone screen, where a thumb reaches and where every tab has room
 * (the top bar cannot hold five tabs, a handle and "Log out" at 320 px). CSS shows it below 700 px
 * and hides the top bar's tabs there.
 */
export function TabBar({ view, onNavigate, canModerate }: TabBarProps) {
  const { account } = useSession()
  return (
    <nav className="tab-bar" aria-label="Main">
      {navItems(account !== undefined, canModerate).map((n) => (
        <button
          key={n.view}
          type="button"
          className="tab-bar-button"
          data-testid={`tab-${n.view}`}
          aria-current={view === n.view ? 'page' : undefined}
          onClick={() => onNavigate(n.view)}
        >
          <svg width={22} height={22} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            {ICONS[n.view]}
          </svg>
          <span className="tab-bar-label">{n.label}</span>
        </button>
      ))}
    </nav>
  )
}
