import { useSession } from '../session/SessionContext'
import type { View } from '../useHashView'
import { NavIcon } from './navIcons'
import { navItems } from './navItems'

export interface TabBarProps {
  view: View
  onNavigate: (view: View) => void
  canModerate: boolean
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
      {navItems(account !== undefined, canModerate).filter((n) => !n.icon).map((n) => (
        <button
          key={n.view}
          type="button"
          className="tab-bar-button"
          data-testid={`tab-${n.view}`}
          aria-current={view === n.view ? 'page' : undefined}
          onClick={() => onNavigate(n.view)}
        >
          <NavIcon view={n.view} />
          <span className="tab-bar-label">{n.label}</span>
        </button>
      ))}
    </nav>
  )
}
