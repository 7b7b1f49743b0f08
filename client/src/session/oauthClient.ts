import { Agent } from '@atproto/api'
import { BrowserOAuthClient, type OAuthSession } from '@atproto/oauth-client-browser'
import type { SignedIn } from '../api/session'
import type { ClientConfig } from '../config'
import { CONTINUE_SIGN_IN_PARAM, forgetOAuthSub, mayResumeOAuth } from './oauthMarkers'
import { chooseClientId, isLoopbackHost, OAUTH_SCOPE, onLoopbackIp } from './loopback'

/** OAuth cannot be offered here (a public host with no client metadata configured). */
export class OAuthUnavailableError extends Error {
  override name = 'OAuthUnavailableError'
}

/**
 * Builds the browser OAuth client for this page. The loopback client talks http to loopback
 * servers (the local PDS is one); a public client insists on https everywhere.
 */
export async function loadOAuthClient(config: ClientConfig): Promise<BrowserOAuthClient> {
  const clientId = chooseClientId(config.oauthClientId, location)
  if (!clientId) throw new OAuthUnavailableError('this site has no OAuth client configured: use an app password')
  const loopback = clientId.startsWith('http://localhost')
  return BrowserOAuthClient.load({
    clientId,
    // Query, not fragment: the app routes on the fragment (#/create…).
    responseMode: 'query',
    handleResolver: config.handleResolverUrl ?? config.pdsUrl,
    plcDirectoryUrl: config.plcUrl,
    allowHttp: loopback,
    signal: AbortSignal.timeout(10_000),
  })
}

/**
 * Sends the browser to the user's own PDS to sign in. Session state is kept per origin, so a page
 * on "localhost" first moves to 127.0.0.1 (where the PDS will send it back) and continues there.
 */
export async function startOAuthSignIn(config: ClientConfig, handle: string): Promise<never> {
  if (location.hostname === 'localhost' && !config.oauthClientId) {
    const there = new URL(onLoopbackIp(location.href))
    there.searchParams.set(CONTINUE_SIGN_IN_PARAM, handle)
    location.assign(there.href)
    return new Promise<never>(() => {})
  }
  const client = await loadOAuthClient(config)
  return client.signInRedirect(handle, { scope: OAUTH_SCOPE })
}

/**
 * Finishes a sign-in the PDS sent back, continues one begun on localhost, or restores the session
 * of an earlier visit. Undefined when there is none.
 */
export async function resumeOAuth(config: ClientConfig): Promise<OAuthSession | undefined> {
  const params = new URLSearchParams(location.search)
  const continuing = params.get(CONTINUE_SIGN_IN_PARAM)
  if (continuing) {
    history.replaceState(null, '', location.pathname + location.hash)
    return startOAuthSignIn(config, continuing)
  }
  // Loading the client (and, on "localhost", being moved to 127.0.0.1) only for someone who signed in with OAuth.
  if (!mayResumeOAuth(location.search, localStorage)) return undefined
  if (!isLoopbackHost(location.hostname) && !config.oauthClientId) return undefined
  const client = await loadOAuthClient(config)
  const result = await client.init()
  return result?.session
}

/** The signed-in account of an OAuth session: an agent whose calls carry its DPoP-bound tokens. */
export async function oauthSignedIn(session: OAuthSession): Promise<SignedIn> {
  const agent = new Agent(session)
  // The token names only the DID; the handle comes from the PDS.
  const { data } = await agent.com.atproto.server.getSession()
  const signOut = () => {
    // Forget who signed in before telling the PDS: a reload while the revocation is in flight must not
    // restore the session (the library drops its own record only once the PDS has answered).
    forgetOAuthSub(localStorage)
    return session.signOut()
  }
  return { agent, did: session.did, handle: data.handle, method: 'oauth', signOut }
}
