import type { Logger } from '../logger'
import { backoffMs, sleep } from '../util'
import type { Prepared } from './prepare'
import { UnresolvableRepoError, type RepoKeys } from './repo-keys'
import type { CommitVerifier, VerifyJob, VerifyResult } from './verifier'

type Verifiable = Extract<Prepared, { kind: 'commit' | 'sync' }> & { job: NonNullable<Extract<Prepared, { kind: 'commit' | 'sync' }>['job']> }

/**
 * Verifies the kept commits of a batch, setting each entry's verdict. The repos' keys are looked
 * up concurrently first; a look-up that fails for a reason that may pass (timeout, refused
 * connection, 5xx) is retried with backoff until it succeeds — the batch waits, nothing is skipped.
 * A signature that does not verify is checked once more against a freshly resolved key (the repo
 * may have rotated it) before it is judged bad.
 */
export async function verifyPrepared(
  entries: Prepared[],
  ctx: { keys: RepoKeys; verifier: CommitVerifier; logger: Logger; signal: AbortSignal; stats: { verified: number; verifiedEarly: number } },
): Promise<void> {
  const all = entries.filter((e): e is Verifiable => (e.kind === 'commit' || e.kind === 'sync') && e.job !== undefined)
  if (all.length === 0) return
  // The keys of commits no one checked as they arrived are looked up while those others' verdicts are awaited
  // (at a cold start both wait on the DID directory: one after the other, the first batches took twice as long).
  const unchecked = all.filter((e) => e.kind !== 'commit' || !e.early)
  const lookups = unchecked.length > 0 ? resolveAll([...new Set(unchecked.map((e) => e.did))], false, ctx) : undefined
  // Commits verified as they arrived (see EarlyVerifier): a pass is final; anything else is checked here.
  const early = await Promise.all(all.map((e) => (e.kind === 'commit' ? e.early : undefined)))
  const todo = all.filter((e, i) => {
    const result = early[i]
    if (!result?.ok) return true
    e.verdict = result
    return false
  })
  ctx.stats.verified += all.length - todo.length
  ctx.stats.verifiedEarly += all.length - todo.length
  const keys = (await lookups) ?? new Map<string, string | UnresolvableRepoError>()
  if (todo.length === 0) return
  // Commits whose early check did not pass: their keys are looked up (again) here, with the batch's retries.
  const more = [...new Set(todo.flatMap((e) => (keys.has(e.did) ? [] : [e.did])))]
  if (more.length > 0) for (const [did, key] of await resolveAll(more, false, ctx)) keys.set(did, key)
  const verdicts = await verifyWith(todo, keys, ctx)
  const suspicious = todo.filter((e, i) => verdicts[i]?.ok === false && (verdicts[i] as { reason: string }).reason === 'BadSignature')
  if (suspicious.length > 0) {
    const fresh = await resolveAll([...new Set(suspicious.map((e) => e.did))], true, ctx)
    const retry = suspicious.filter((e) => typeof fresh.get(e.did) === 'string' && fresh.get(e.did) !== keys.get(e.did))
    const again = await verifyWith(retry, fresh, ctx)
    retry.forEach((e, i) => (verdicts[todo.indexOf(e)] = again[i]!))
  }
  todo.forEach((e, i) => (e.verdict = verdicts[i]))
  ctx.stats.verified += todo.length
}

async function verifyWith(entries: Verifiable[], keys: Map<string, string | UnresolvableRepoError>, ctx: Parameters<typeof verifyPrepared>[1]): Promise<VerifyResult[]> {
  const jobs: (VerifyJob | VerifyResult)[] = entries.map((e) => {
    const key = keys.get(e.did)
    if (key instanceof UnresolvableRepoError) return { ok: false, reason: key.reason, message: key.message } satisfies VerifyResult
    if (key === undefined) return { ok: false, reason: 'NoSigningKey', message: `no key for ${e.did}` } satisfies VerifyResult
    return { ...e.job, didKey: key } as VerifyJob
  })
  const runnable = jobs.filter((j): j is VerifyJob => 'kind' in j)
  for (let attempt = 0; ; attempt++) {
    try {
      const results = await ctx.verifier.verifyMany(runnable)
      let next = 0
      return jobs.map((j) => ('kind' in j ? results[next++]! : j))
    } catch (err) {
      // The verifier itself failed (a worker died): not the commits' fault, so try again.
      if (ctx.signal.aborted) throw err
      ctx.logger.warn({ err, attempt }, 'verification failed to run; retrying')
      await sleep(backoffMs(attempt), ctx.signal).catch(() => undefined)
    }
  }
}

/** Keys of these repos: did:key strings, or the reason a key can never be found. */
async function resolveAll(dids: string[], fresh: boolean, ctx: Parameters<typeof verifyPrepared>[1]): Promise<Map<string, string | UnresolvableRepoError>> {
  const result = new Map<string, string | UnresolvableRepoError>()
  let pending = dids
  for (let attempt = 0; pending.length > 0; attempt++) {
    const failed: { did: string; err: unknown }[] = []
    await Promise.all(
      pending.map(async (did) => {
        try {
          result.set(did, await ctx.keys.key(did, fresh))
        } catch (err) {
          if (err instanceof UnresolvableRepoError) result.set(did, err)
          else failed.push({ did, err })
        }
      }),
    )
    if (failed.length === 0 || ctx.signal.aborted) break
    ctx.logger.warn(
      { dids: failed.slice(0, 5).map((f) => f.did), failed: failed.length, err: failed[0]!.err, attempt },
      'could not resolve repo keys; the stream waits and retries',
    )
    await sleep(backoffMs(attempt, 250, 30_000), ctx.signal).catch(() => undefined)
    pending = failed.map((f) => f.did)
  }
  return result
}
