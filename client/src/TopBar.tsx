import { useState, type ReactNode } from 'react'
import { useSession } from './session/SessionContext'
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
}

const NAV: { view: View; label: string; needsAccount?: boolean; moderatorsOnly?: boolean }[] = [
  { view: 'feed', label: 'Watch' },
  { view: 'create', label: 'Create' },
  // Consent is about your own likeness: there is nothing to show to someone logged out.
  { view: 'consent', label: 'Consent', needsAccount: true },
  { view: 'search', label: 'Search' },
  { view: 'labels', label: 'Labels' },
  { view: 'moderation', label: 'Moderation', moderatorsOnly: true },
]

/** Wordmark, the screen's controls, navigation and who is logged in. */
export function TopBar({ view, onNavigate, onOpenLogin, center, canModerate = false }: TopBarProps) {
  const { status, account, logout, resumeError } = useSession()
  const [logoutError, setLogoutError] = useState<string>()

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
        {NAV.filter((n) => (account || !n.needsAccount) && (canModerate || !n.moderatorsOnly)).map((n) => (
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
