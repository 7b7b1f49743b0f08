import { stat } from 'node:fs/promises'

/** Resolves after ms milliseconds, or early (rejecting) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    // The listener goes when the timer fires: a long-lived signal polled in a loop must not
    // collect one listener per wait.
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs = 200, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}

/** Runs fn until it succeeds or attempts run out, waiting with backoff between tries. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: { attempts?: number; baseMs?: number; retryable?: (err: unknown) => boolean; signal?: AbortSignal } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 3
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      const last = attempt + 1 >= attempts
      if (last || (opts.retryable && !opts.retryable(err))) throw err
      await sleep(backoffMs(attempt, opts.baseMs), opts.signal)
    }
  }
}

/** Whether a file exists (without throwing). */
export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
