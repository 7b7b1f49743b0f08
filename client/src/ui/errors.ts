import { XrpcError } from '../api/xrpc'
import { sentenceForError } from './errorSentences'

/**
 * A message for people, for every screen: the one mapping from error names to sentences
 * (errorSentences.ts), else the server's own message when there is one.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof XrpcError) return sentenceForError(err.error, err.message, err.status || undefined) ?? err.message
  if (err instanceof Error) {
    // @atproto/api's XRPCError carries the server's error name and status; its message may be empty.
    const { error, status } = err as { error?: unknown; status?: unknown }
    const name = typeof error === 'string' ? error : undefined
    const mapped = sentenceForError(name, err.message, typeof status === 'number' ? status : undefined)
    return mapped ?? (err.message || name || err.name)
  }
  return String(err)
}
