import { Agent, AtpAgent, type AtpSessionData } from '@atproto/api'
import { readJson, type KeyValueStore } from '../storage'
import type { MintServiceToken } from './serviceAuth'

const SESSION_KEY = 'framewright.session'

/**
 * Someone signed in, however they did it (app password or OAuth): an agent that calls their PDS
 * with their credentials, and how to end the session. Everything else in the client uses only this.
 */
export interface SignedIn {
  agent: Agent
  did: string
  handle: string
  method: 'password' | 'oauth'
  /** Ends the session at the PDS (the local copy is already forgotten when this is called). */
  signOut(): Promise<void>
}

/** A session as kept between visits: which PDS, and the tokens it gave us. */
interface StoredSession {
  service: string
  data: AtpSessionData
}

/** An agent whose session is saved to `store` whenever the PDS refreshes it, and dropped when it expires. */
function createAgent(store: KeyValueStore, service: string): AtpAgent {
  return new AtpAgent({
    service,
    persistSession: (evt, session) => {
      if ((evt === 'create' || evt === 'update') && session) {
        store.set(SESSION_KEY, JSON.stringify({ service, data: session } satisfies StoredSession))
      } else if (evt === 'expired' || evt === 'create-failed') {
        store.remove(SESSION_KEY)
      }
      // 'network-error' keeps the stored session: the PDS may be back on the next visit.
    },
  })
}

function passwordSession(store: KeyValueStore, agent: AtpAgent): SignedIn {
  const session = agent.session
  if (!session) throw new Error('the PDS returned no session')
  return {
    agent,
    did: session.did,
    handle: session.handle,
    method: 'password',
    signOut: async () => {
      store.remove(SESSION_KEY)
      await agent.logout()
    },
  }
}

/** Logs in with a handle (or DID / email) and password on `service`. */
export async function login(store: KeyValueStore, service: string, identifier: string, password: string): Promise<SignedIn> {
  const agent = createAgent(store, service)
  await agent.login({ identifier: identifier.trim().replace(/^@/, ''), password })
  return passwordSession(store, agent)
}

/** Creates an account on `service` (com.atproto.server.createAccount) and signs in as it. */
export async function createAccount(
  store: KeyValueStore,
  service: string,
  input: { handle: string; email: string; password: string; inviteCode?: string },
): Promise<SignedIn> {
  const agent = createAgent(store, service)
  await agent.createAccount({ handle: input.handle, email: input.email, password: input.password, inviteCode: input.inviteCode || undefined })
  return passwordSession(store, agent)
}

/**
 * Resumes the app-password session saved by an earlier visit. Undefined when there is none or it
 * has expired; throws when the PDS cannot be reached (the session is kept for next time).
 */
export async function resumeSession(store: KeyValueStore): Promise<SignedIn | undefined> {
  const stored = readJson<StoredSession | null>(store, SESSION_KEY, null, isStoredSession)
  if (!stored) return undefined
  const agent = createAgent(store, stored.service)
  try {
    await agent.resumeSession(stored.data)
  } catch (err) {
    if (store.get(SESSION_KEY) === null) return undefined
    throw err
  }
  return agent.hasSession ? passwordSession(store, agent) : undefined
}

/** Mints service JWTs with the signed-in account's PDS (works the same under OAuth). */
export function serviceTokenMinter(agent: Agent): MintServiceToken {
  return async (aud, lxm) => {
    const { data } = await agent.com.atproto.server.getServiceAuth({ aud, lxm })
    return data.token
  }
}

function isStoredSession(v: unknown): v is StoredSession {
  const s = v as StoredSession | null
  return !!s && typeof s.service === 'string' && !!s.data && typeof s.data.did === 'string' && typeof s.data.accessJwt === 'string'
}
