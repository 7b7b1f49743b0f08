/**
 * The web client as an OAuth client. On a public host it is a "discoverable" client: its
 * client_id is the https URL of a metadata document we serve, which the user's PDS fetches. On
 * this machine (an http://localhost or 127.0.0.1 client URL) it is the spec's loopback client and
 * no document is needed.
 */

/** What Framewright asks of the user's PDS: records, service tokens, preferences. */
export const OAUTH_SCOPE = 'atproto transition:generic'

/** The client_id for a client served at `clientPublicUrl`, or undefined for the loopback client. */
export function oauthClientId(clientPublicUrl: string): string | undefined {
  const url = new URL(clientPublicUrl)
  if (url.protocol !== 'https:') return undefined
  return new URL('/client-metadata.json', url).href
}

/** The metadata document at the client_id URL (a public browser app: no secret, DPoP-bound tokens). */
export function oauthClientMetadata(clientPublicUrl: string, clientName = 'Framewright') {
  const clientId = oauthClientId(clientPublicUrl)
  if (!clientId) return undefined
  const origin = new URL(clientPublicUrl).origin
  return {
    client_id: clientId,
    client_name: clientName,
    client_uri: origin,
    redirect_uris: [`${origin}/`],
    scope: OAUTH_SCOPE,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    dpop_bound_access_tokens: true,
  }
}
