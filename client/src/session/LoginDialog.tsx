import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { DemoAccount } from '../config'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { CreateAccountForm } from './CreateAccountForm'
import { useSession } from './SessionContext'
import './session.css'

export interface LoginDialogProps {
  open: boolean
  onClose: () => void
  defaultPds: string
  demoAccounts: readonly DemoAccount[]
}

/**
 * Sign in on the viewer's own PDS: with OAuth (its own sign-in page; Framewright never sees the
 * password), with an app password as a fallback, or by creating an account there.
 */
export function LoginDialog({ open, onClose, defaultPds, demoAccounts }: LoginDialogProps) {
  const { login, signInWithOAuth } = useSession()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [mode, setMode] = useState<'signin' | 'create'>('signin')
  const [identifier, setIdentifier] = useState('')
  const [password, setPassword] = useState('')
  const [pds, setPds] = useState(defaultPds)
  const [busy, setBusy] = useState<'oauth' | 'password'>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  const attempt = async (id: string, pw: string) => {
    setBusy('password')
    setError(undefined)
    try {
      await login(pds.trim() || defaultPds, id, pw)
      setPassword('')
      onClose()
    } catch (err) {
      setError(`Could not log in: ${errorMessage(err)}`)
    } finally {
      setBusy(undefined)
    }
  }

  const oauth = async () => {
    const handle = identifier.trim().replace(/^@/, '')
    if (!handle) return setError('Type your handle first (e.g. alice.bsky.social).')
    setBusy('oauth')
    setError(undefined)
    try {
      // Resolves only if the browser does not leave for the PDS.
      await signInWithOAuth(handle)
    } catch (err) {
      setError(`Could not start signing in: ${errorMessage(err)}`)
      setBusy(undefined)
    }
  }

  // Enter signs in with the password when one is typed, else through the PDS.
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (password) void attempt(identifier, password)
    else void oauth()
  }

  const title = mode === 'signin' ? 'Log in' : 'Create an account'
  return (
    <dialog ref={dialogRef} className="login-dialog" aria-labelledby="login-title" onClose={onClose} onCancel={onClose}>
      <div className="dialog-head login-head">
        <h2 id="login-title">{title}</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {mode === 'create' ? (
        <>
          <CreateAccountForm pds={pds.trim() || defaultPds} onDone={onClose} />
          <p className="login-switch">
            Have an account?{' '}
            <button type="button" className="btn-link" data-testid="show-login" onClick={() => setMode('signin')}>
              Log in
            </button>
          </p>
        </>
      ) : (
        <form onSubmit={submit} className="login-form">
          <p className="hint">Your account lives on your own PDS (a Bluesky account works); Framewright never holds your password.</p>
          <label className="field">
            <span className="field-label">Handle</span>
            <input
              data-testid="login-handle"
              value={identifier}
              onChange={(e) => setIdentifier(e.target.value)}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="alice.bsky.social"
              required
            />
          </label>
          <button type="button" className="btn btn-primary btn-wide" data-testid="oauth-submit" disabled={busy !== undefined} onClick={() => void oauth()}>
            {busy === 'oauth' ? 'Going to your PDS…' : 'Continue on your PDS'}
          </button>
          <p className="login-or">or with an app password</p>
          <label className="field">
            <span className="field-label">App password</span>
            <input data-testid="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
          </label>
          <details className="more-options">
            <summary>Hosting provider</summary>
            <label className="field">
              <span className="field-label">PDS URL</span>
              <input type="url" value={pds} onChange={(e) => setPds(e.target.value)} placeholder={defaultPds} />
            </label>
          </details>
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-wide" data-testid="login-submit" disabled={busy !== undefined || !password}>
            {busy === 'password' ? 'Logging in…' : 'Log in with app password'}
          </button>
          <p className="login-switch">
            New here?{' '}
            <button type="button" className="btn-link" data-testid="show-create-account" onClick={() => setMode('create')}>
              Create an account
            </button>
          </p>
          {demoAccounts.length > 0 && (
            <div className="demo-accounts">
              <p className="hint">Demo accounts on this local stack:</p>
              <ul className="chip-row">
                {demoAccounts.map((a) => (
                  <li key={a.handle}>
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid="demo-login"
                      data-handle={a.handle}
                      disabled={busy !== undefined}
                      onClick={() => void attempt(a.handle, a.password)}
                    >
                      @{a.handle}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </form>
      )}
    </dialog>
  )
}
