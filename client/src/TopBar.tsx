import { useState, type ReactNode } from 'react'
import { useSession } from './session/SessionContext'
import { NavIcon } from './shell/navIcons'
import { navItems } from './shell/navItems'
import { errorMessage } from './ui/errors'
import type { View } from './useHashView'

export interface TopBarProps {
  view: View
  onNavigate: (view: View) => void
  onOpenLogin: () => void
  /** The current screen's own controls (the feed picker). */
  center?: ReactNode
  /** The logged-in account moderates the labeler: show Moderation. */
  canModerate?: boolean
  /** Notifications not seen yet (a badge on Notifications). */
  unreadCount?: number
}

/** Wordmark, the screen's controls, navigation and who is logged in. */
export function TopBar({ view, onNavigate, onOpenLogin, center, canModerate = false, unreadCount = 0 }: TopBarProps) {
  const { status, account, logout, resumeError } = useSession()
  const [logoutError, setLogoutError] = useState<string>()
  const items = navItems(account !== undefined, canModerate)

  const doLogout = () => {
    setLogoutError(undefined)
    logout().catch((err: unknown) => setLogoutError(`Logged out here, but your PDS was not told: ${errorMessage(err)}`))
  }

  return (
    <header className="topbar">
      <a className="wordmark" href="#/" onClick={() => onNavigate('feed')} aria-label="Framewright home">
        <span className="wordmark-mark" aria-hidden="true" />
        <span className="wordmark-text">Framewright</span>
      </a>
      <div className="topbar-center">{center}</div>
      <nav className="main-nav" aria-label="Main">
        {items
          .filter((n) => !n.icon)
          .map((n) => (
            <button
              key={n.view}
              type="button"
              className="nav-button"
              data-testid={`nav-${n.view}`}
              aria-current={view === n.view ? 'page' : undefined}
              onClick={() => onNavigate(n.view)}
            >
              {n.label}
            </button>
          ))}
      </nav>
      <div className="topbar-icons">
        {items
          .filter((n) => n.icon)
          .map((n) => (
            <button
              key={n.view}
              type="button"
              className="icon-button"
              data-testid={`nav-${n.view}`}
              aria-label={n.view === 'notifications' && unreadCount > 0 ? `${n.label}, ${unreadCount} unread` : n.label}
              title={n.label}
              aria-current={view === n.view ? 'page' : undefined}
              onClick={() => onNavigate(n.view)}
            >
              <NavIcon view={n.view} size={20} />
              {n.view === 'notifications' && unreadCount > 0 && (
                <span className="badge" data-testid="unread-badge" aria-hidden="true">
                  {unreadCount > 99 ? '99+' : unreadCount}
                </span>
              )}
            </button>
          ))}
      </div>
      <div className="session">
        {account ? (
          <>
            <span className="session-who" title={account.did}>
              <span aria-hidden="true">@</span>
              <span data-testid="session-handle">{account.handle}</span>
            </span>
            <button type="button" className="btn btn-small" data-testid="logout" onClick={doLogout}>
              Log out
            </button>
          </>
        ) : status === 'resuming' ? (
          <span className="muted">…</span>
        ) : (
          <button type="button" className="btn btn-primary btn-small" data-testid="open-login" onClick={onOpenLogin}>
            Log in
          </button>
        )}
      </div>
      {(resumeError || logoutError) && (
        <p className="topbar-error" role="alert">
          {resumeError ?? logoutError}
        </p>
      )}
    </header>
  )
}
