import { XrpcError } from '../api/xrpc'

/** A message for people: the server's own message when there is one. */
export function errorMessage(err: unknown): string {
  if (err instanceof XrpcError) return err.message
  if (err instanceof Error) {
    // @atproto/api's XRPCError carries the server's error name; its message may be empty.
    const name = (err as { error?: unknown }).error
    return err.message || (typeof name === 'string' ? name : err.name)
  }
  return String(err)
}
