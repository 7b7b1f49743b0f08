import type { Agent } from '@atproto/api'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { ServiceAuthCache } from '../api/serviceAuth'
import * as sessions from '../api/session'
import type { ClientConfig } from '../config'
import type { KeyValueStore } from '../storage'
import { errorMessage } from '../ui/errors'
import { mayResumeOAuth } from './oauthMarkers'

/** The OAuth client is a sizeable library: loaded only by those who use it. */
const oauthClient = () => import('./oauthClient')

/** Who is logged in, if anyone, and how to change that. */
export interface Session {
  /** 'resuming' while a saved session is being checked with its PDS. */
  status: 'resuming' | 'ready'
  account?: { agent: Agent; did: string; handle: string; auth: ServiceAuthCache; method: 'password' | 'oauth' }
  /** Why a saved session could not be resumed (e.g. the PDS is down). */
  resumeError?: string
  login(service: string, identifier: string, password: string): Promise<void>
  /** Leaves for the user's own PDS to sign in with OAuth; the app loads again signed in. */
  signInWithOAuth(handle: string): Promise<void>
  createAccount(service: string, input: { handle: string; email: string; password: string; inviteCode?: string }): Promise<void>
  logout(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

type Account = NonNullable<Session['account']> & { signOut(): Promise<void> }

function accountOf(signedIn: sessions.SignedIn): Account {
  return { ...signedIn, auth: new ServiceAuthCache(sessions.serviceTokenMinter(signedIn.agent)) }
}

/** Resumes a saved session (OAuth or app password) on mount and provides the session to the app. */
export function SessionProvider({ store, config, children }: { store: KeyValueStore; config: ClientConfig; children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('resuming')
  const [account, setAccount] = useState<Account>()
  const [resumeError, setResumeError] = useState<string>()

  useEffect(() => {
    let cancelled = false
    const resume = async () => {
      if (mayResumeOAuth(location.search, globalThis.localStorage)) {
        const { oauthSignedIn, resumeOAuth } = await oauthClient()
        const oauth = await resumeOAuth(config).catch((err: unknown) => {
          throw new Error(`signing in with your PDS did not finish: ${errorMessage(err)}`)
        })
        if (oauth) return oauthSignedIn(oauth)
      }
      return sessions.resumeSession(store)
    }
    resume()
      .then((signedIn) => {
        if (!cancelled && signedIn) setAccount(accountOf(signedIn))
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
  }, [store, config])

  const login = useCallback(
    async (service: string, identifier: string, password: string) => {
      const signedIn = await sessions.login(store, service, identifier, password)
      setResumeError(undefined)
      setAccount(accountOf(signedIn))
    },
    [store],
  )

  const signInWithOAuth = useCallback(async (handle: string) => {
    const { startOAuthSignIn } = await oauthClient()
    await startOAuthSignIn(config, handle)
  }, [config])

  const createAccount = useCallback(
    async (service: string, input: { handle: string; email: string; password: string; inviteCode?: string }) => {
      const signedIn = await sessions.createAccount(store, service, input)
      setResumeError(undefined)
      setAccount(accountOf(signedIn))
    },
    [store],
  )

  const logout = useCallback(async () => {
    if (!account) return
    account.auth.clear()
    setAccount(undefined)
    // Forgotten locally first; a PDS that cannot be told only keeps a refresh token nobody holds.
    await account.signOut()
  }, [account])

  const value = useMemo<Session>(
    () => ({ status, account, resumeError, login, signInWithOAuth, createAccount, logout }),
    [status, account, resumeError, login, signInWithOAuth, createAccount, logout],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

/** The current session. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
