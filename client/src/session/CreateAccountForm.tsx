import { useEffect, useState, type FormEvent } from 'react'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { HandleRuleError, newAccountHandle, newAccountProblem } from './newAccount'
import { useSession } from './SessionContext'

/** What a PDS says about accounts made on it (com.atproto.server.describeServer). */
interface ServerTerms {
  domains: string[]
  inviteRequired: boolean
}

async function describeServer(pds: string): Promise<ServerTerms> {
  const res = await fetch(new URL('/xrpc/com.atproto.server.describeServer', pds), { signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`the server at ${pds} did not say how to join (HTTP ${res.status})`)
  const body = (await res.json()) as { availableUserDomains?: unknown; inviteCodeRequired?: unknown }
  const domains = Array.isArray(body.availableUserDomains) ? body.availableUserDomains.filter((d): d is string => typeof d === 'string') : []
  return { domains, inviteRequired: body.inviteCodeRequired === true }
}

/** Makes a new account on a PDS (the configured one unless another is named) and signs in as it. */
export function CreateAccountForm({ pds, onDone }: { pds: string; onDone: () => void }) {
  const { createAccount } = useSession()
  const [terms, setTerms] = useState<ServerTerms>()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [inviteCode, setInviteCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    let cancelled = false
    setTerms(undefined)
    describeServer(pds).then(
      (t) => !cancelled && setTerms(t),
      (err: unknown) => !cancelled && setError(`Could not reach your server: ${errorMessage(err)}`),
    )
    return () => {
      cancelled = true
    }
  }, [pds])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!terms) return
    setError(undefined)
    let handle: string
    try {
      handle = newAccountHandle(name, terms.domains)
    } catch (err) {
      if (err instanceof HandleRuleError) return setError(err.message)
      throw err
    }
    const problem = newAccountProblem({ email, password, inviteCode }, terms.inviteRequired)
    if (problem) return setError(problem)
    setBusy(true)
    try {
      await createAccount(pds, { handle, email: email.trim(), password, inviteCode: inviteCode.trim() || undefined })
      setPassword('')
      onDone()
    } catch (err) {
      setError(`Could not create the account: ${errorMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  const domain = terms?.domains[0]
  return (
    <form onSubmit={(e) => void submit(e)} className="login-form" data-testid="create-account-form" noValidate>
      <p className="hint">Your account and everything you make live on {new URL(pds).host}, not on Framewright.</p>
      <label className="field">
        <span className="field-label">Handle</span>
        <span className="handle-input">
          <input data-testid="signup-handle" value={name} onChange={(e) => {
              setName(e.target.value)
              setError(undefined)
            }} autoCapitalize="none" spellCheck={false} placeholder="yourname" required />
          {domain && <span className="handle-domain">{domain}</span>}
        </span>
      </label>
      <label className="field">
        <span className="field-label">Email</span>
        <input data-testid="signup-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
      </label>
      <label className="field">
        <span className="field-label">Password</span>
        <input data-testid="signup-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
        <span className="hint">At least 8 characters.</span>
      </label>
      {terms?.inviteRequired && (
        <label className="field">
          <span className="field-label">Invite code</span>
          <input data-testid="signup-invite" value={inviteCode} onChange={(e) => setInviteCode(e.target.value)} autoCapitalize="none" spellCheck={false} required />
        </label>
      )}
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary btn-wide" data-testid="signup-submit" disabled={busy || !terms}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  )
}
