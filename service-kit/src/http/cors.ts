import cors from 'cors'

/** CORS for XRPC endpoints that browsers call directly (our client, or any other web client). */
export function xrpcCors() {
  return cors({
    maxAge: 86_400,
    exposedHeaders: ['atproto-content-labelers', 'atproto-repo-rev'],
  })
}
