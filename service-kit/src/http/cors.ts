import cors from 'cors'

const EXPOSED_HEADERS = ['atproto-content-labelers', 'atproto-repo-rev']

/** CORS for XRPC endpoints that browsers call directly (our client, or any other web client). */
export function xrpcCors() {
  return cors({
    maxAge: 86_400,
    exposedHeaders: EXPOSED_HEADERS,
  })
}

/** The headers xrpcCors() puts on an answer to a GET, for a route that answers without express. */
export const XRPC_CORS_GET_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSED_HEADERS.join(','),
}
