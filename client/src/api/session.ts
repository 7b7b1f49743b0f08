import { AtpAgent, type AtpSessionData } from '@atproto/api'
import { readJson, type KeyValueStore } from '../storage'
import type { MintServiceToken } from './serviceAuth'

const SESSION_KEY = 'framewright.session'

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

/** Logs in with a handle (or DID / email) and password on `service`. */
export async function login(store: KeyValueStore, service: string, identifier: string, password: string): Promise<AtpAgent> {
  const agent = createAgent(store, service)
  await agent.login({ identifier: identifier.trim().replace(/^@/, ''), password })
  return agent
}

/**
 * Resumes the session saved by an earlier visit. Undefined when there is none or it has expired;
 * throws when the PDS cannot be reached (the session is kept for next time).
 */
export async function resumeSession(store: KeyValueStore): Promise<AtpAgent | undefined> {
  const stored = readJson<StoredSession | null>(store, SESSION_KEY, null, isStoredSession)
  if (!stored) return undefined
  const agent = createAgent(store, stored.service)
  try {
    await agent.resumeSession(stored.data)
  } catch (err) {
    if (store.get(SESSION_KEY) === null) return undefined
    throw err
  }
  return agent.hasSession ? agent : undefined
}

/** Ends the session at the PDS and forgets it here, even when the PDS cannot be told. */
export async function logout(store: KeyValueStore, agent: AtpAgent): Promise<void> {
  store.remove(SESSION_KEY)
  await agent.logout()
}

/** Mints service JWTs with the logged-in account's PDS. */
export function serviceTokenMinter(agent: AtpAgent): MintServiceToken {
  return async (aud, lxm) => {
    const { data } = await agent.com.atproto.server.getServiceAuth({ aud, lxm })
    return data.token
  }
}

function isStoredSession(v: unknown): v is StoredSession {
  const s = v as StoredSession | null
  return !!s && typeof s.service === 'string' && !!s.data && typeof s.data.did === 'string' && typeof s.data.accessJwt === 'string'
}
