import type { AtpAgent } from '@atproto/api'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { ServiceAuthCache } from '../api/serviceAuth'
import * as sessions from '../api/session'
import type { KeyValueStore } from '../storage'
import { errorMessage } from '../ui/errors'

/** Who is logged in, if anyone, and how to change that. */
export interface Session {
  /** 'resuming' while a saved session is being checked with its PDS. */
  status: 'resuming' | 'ready'
  account?: { agent: AtpAgent; did: string; handle: string; auth: ServiceAuthCache }
  /** Why a saved session could not be resumed (e.g. the PDS is down). */
  resumeError?: string
  login(service: string, identifier: string, password: string): Promise<void>
  logout(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

type Account = NonNullable<Session['account']>

function accountOf(agent: AtpAgent): Account {
  const session = agent.session
  if (!session) throw new Error('the PDS returned no session')
  return { agent, did: session.did, handle: session.handle, auth: new ServiceAuthCache(sessions.serviceTokenMinter(agent)) }
}

/** Resumes a saved session on mount and provides the session to the app. */
export function SessionProvider({ store, children }: { store: KeyValueStore; children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('resuming')
  const [account, setAccount] = useState<Account>()
  const [resumeError, setResumeError] = useState<string>()

  useEffect(() => {
    let cancelled = false
    sessions
      .resumeSession(store)
      .then((agent) => {
        if (!cancelled && agent) setAccount(accountOf(agent))
      })
      .catch((err: unknown) => {
        if (!cancelled) setResumeError(`Could not resume your session: ${errorMessage(err)}`)
      })
      .finally(() => {
        if (!cancelled) setStatus('ready')
      })
    return () => {
      cancelled = true
    }
  }, [store])

  const login = useCallback(
    async (service: string, identifier: string, password: string) => {
      const agent = await sessions.login(store, service, identifier, password)
      setResumeError(undefined)
      setAccount(accountOf(agent))
    },
    [store],
  )

  const logout = useCallback(async () => {
    if (!account) return
    account.auth.clear()
    setAccount(undefined)
    // Forgotten locally first; a PDS that cannot be told only keeps a refresh token nobody holds.
    await sessions.logout(store, account.agent)
  }, [account, store])

  const value = useMemo<Session>(() => ({ status, account, resumeError, login, logout }), [status, account, resumeError, login, logout])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

/** The current session. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
