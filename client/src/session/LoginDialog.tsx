import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { DemoAccount } from '../config'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { useSession } from './SessionContext'

export interface LoginDialogProps {
  open: boolean
  onClose: () => void
  defaultPds: string
  demoAccounts: readonly DemoAccount[]
}

/** Log in with a handle and (app) password on the viewer's own PDS. */
export function LoginDialog({ open, onClose, defaultPds, demoAccounts }: LoginDialogProps) {
  const { login } = useSession()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [identifier, setIdentifier] = useState('')
  const [password, setPassword] = useState('')
  const [pds, setPds] = useState(defaultPds)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  const attempt = async (id: string, pw: string) => {
    setBusy(true)
    setError(undefined)
    try {
      await login(pds.trim() || defaultPds, id, pw)
      setPassword('')
      onClose()
    } catch (err) {
      setError(`Could not log in: ${errorMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void attempt(identifier, password)
  }

  return (
    <dialog ref={dialogRef} className="login-dialog" aria-labelledby="login-title" onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit} className="login-form">
        <div className="dialog-head">
          <h2 id="login-title">Log in</h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <p className="hint">Your account lives on your own PDS; Framewright never holds your password.</p>
        <label className="field">
          <span className="field-label">Handle</span>
          <input
            data-testid="login-handle"
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="alice.example.com"
            required
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            data-testid="login-password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
          <span className="hint">An app password is best.</span>
        </label>
        <details className="more-options">
          <summary>Hosting provider</summary>
          <label className="field">
            <span className="field-label">PDS URL</span>
            <input type="url" value={pds} onChange={(e) => setPds(e.target.value)} placeholder={defaultPds} />
          </label>
        </details>
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary btn-wide" data-testid="login-submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
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
                    disabled={busy}
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
    </dialog>
  )
}
