/**
 * The OAuth spec's loopback client, for running the app on this machine: the client_id is
 * `http://localhost` with its redirect URI and scope as query parameters, and no metadata document
 * is fetched. Redirect URIs must name an IP (127.0.0.1), not "localhost".
 */

/** Everything Framewright needs from the user's PDS: writing records, service tokens, preferences. */
export const OAUTH_SCOPE = 'atproto transition:generic'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether a page on `hostname` may use the loopback client (and http). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname)
}

/** The same URL on 127.0.0.1 when it names localhost; other URLs unchanged. */
export function onLoopbackIp(href: string): string {
  const url = new URL(href)
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1'
  return url.href
}

/** Where the PDS sends the browser back: the app's root on its loopback IP. */
export function loopbackRedirectUri(origin: string): string {
  const url = new URL('/', onLoopbackIp(origin))
  return url.href
}

/** The loopback client_id for an app served at `origin`. */
export function loopbackClientId(origin: string, scope = OAUTH_SCOPE): string {
  const params = new URLSearchParams({ redirect_uri: loopbackRedirectUri(origin), scope })
  return `http://localhost?${params.toString()}`
}

/**
 * The OAuth client_id to use: the public one from the config (an https URL of a
 * client-metadata.json), else the loopback one when the app runs on this machine. Undefined when
 * neither applies (a public host with no client configured): OAuth is then not offered.
 */
export function chooseClientId(configured: string | undefined, location: { origin: string; hostname: string }): string | undefined {
  if (configured) return configured
  return isLoopbackHost(location.hostname) ? loopbackClientId(location.origin) : undefined
}
