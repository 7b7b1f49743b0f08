/** The runtime configuration the appview serves next to the client at /client-config.json. */
export interface ClientConfig {
  /** XRPC base URL of the appview, e.g. http://localhost:2584. */
  appviewUrl: string
  /** Audience for service JWTs addressed to the appview, e.g. did:web:localhost%3A2584. */
  appviewDid: string
  /** The PDS people log in to unless they name their own. */
  pdsUrl: string
  /** Labeler DIDs a new viewer accepts. */
  labelers: string[]
  /** at-uri of the feed to open first. */
  defaultFeed?: string
  /** Only in demo mode (FRAMEWRIGHT_DEMO, which the local stack's `npm start` turns on): accounts offered as one-click logins. */
  demoAccounts?: DemoAccount[]
  /** OAuth sign-in: the public client_id (https URL of client-metadata.json); absent on this machine, where the loopback client is used. */
  oauthClientId?: string
  /** Where the browser resolves did:plc identities when signing in (the local PLC in development). */
  plcUrl?: string
  /** Where the browser resolves handles when signing in (com.atproto.identity.resolveHandle); defaults to pdsUrl. */
  handleResolverUrl?: string
}

export interface DemoAccount {
  handle: string
  password: string
}

/** The config file is missing or says something the client cannot use. */
export class ClientConfigError extends Error {
  override name = 'ClientConfigError'
}

/** Fetches and checks /client-config.json. */
export async function loadClientConfig(url = '/client-config.json'): Promise<ClientConfig> {
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000), cache: 'no-store' })
  } catch (err) {
    throw new ClientConfigError(`could not load ${url}: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!res.ok) throw new ClientConfigError(`could not load ${url}: HTTP ${res.status}`)
  let body: unknown
  try {
    body = await res.json()
  } catch {
    throw new ClientConfigError(`${url} is not JSON`)
  }
  return parseClientConfig(body)
}

/** Turns untrusted JSON into a ClientConfig, naming the first field that is wrong. */
export function parseClientConfig(raw: unknown): ClientConfig {
  if (!raw || typeof raw !== 'object') throw new ClientConfigError('client config is not an object')
  const obj = raw as Record<string, unknown>
  const str = (key: string): string => {
    const v = obj[key]
    if (typeof v !== 'string' || !v) throw new ClientConfigError(`client config: "${key}" must be a non-empty string`)
    return v
  }
  const labelers = obj.labelers ?? []
  if (!Array.isArray(labelers) || !labelers.every((d) => typeof d === 'string' && d.startsWith('did:'))) {
    throw new ClientConfigError('client config: "labelers" must be an array of DIDs')
  }
  const demo = obj.demoAccounts ?? []
  if (!Array.isArray(demo) || !demo.every((a) => a && typeof a.handle === 'string' && typeof a.password === 'string')) {
    throw new ClientConfigError('client config: "demoAccounts" must be an array of { handle, password }')
  }
  if (obj.defaultFeed !== undefined && typeof obj.defaultFeed !== 'string') {
    throw new ClientConfigError('client config: "defaultFeed" must be an at-uri string')
  }
  const optionalUrl = (key: string): string | undefined => {
    const v = obj[key]
    if (v === undefined) return undefined
    if (typeof v !== 'string' || !/^https?:\/\//.test(v)) throw new ClientConfigError(`client config: "${key}" must be an http(s) URL`)
    return v.replace(/\/+$/, '')
  }
  return {
    oauthClientId: optionalUrl('oauthClientId'),
    plcUrl: optionalUrl('plcUrl'),
    handleResolverUrl: optionalUrl('handleResolverUrl'),
    appviewUrl: str('appviewUrl').replace(/\/+$/, ''),
    appviewDid: str('appviewDid'),
    pdsUrl: str('pdsUrl').replace(/\/+$/, ''),
    labelers: labelers as string[],
    defaultFeed: obj.defaultFeed as string | undefined,
    demoAccounts: (demo as DemoAccount[]).map(({ handle, password }) => ({ handle, password })),
  }
}
