import { AtpAgent } from '@atproto/api'
import { resolveDidDoc, serviceEndpoint, verificationKey } from '@framewright/service-kit'
import type { AppContext } from './context'
import { labelerServiceRecord } from './policies'

/**
 * Checks that our DID document names our signing key as #atproto_label and our URL as
 * #atproto_labeler. A mismatch means nobody can verify our labels or find us, so it is loud.
 */
export async function checkLabelerIdentity(ctx: AppContext): Promise<string[]> {
  const problems: string[] = []
  const doc = await resolveDidDoc(ctx.idResolver, ctx.cfg.did, true)
  const key = verificationKey(doc, '#atproto_label')
  if (key !== ctx.signingKey.did()) {
    problems.push(`#atproto_label in ${ctx.cfg.did}'s DID document is ${key ?? 'missing'}, not our signing key ${ctx.signingKey.did()}`)
  }
  const endpoint = serviceEndpoint(doc, '#atproto_labeler', 'AtprotoLabeler')
  if (endpoint !== ctx.cfg.publicUrl) {
    problems.push(`#atproto_labeler in ${ctx.cfg.did}'s DID document is ${endpoint ?? 'missing'}, not ${ctx.cfg.publicUrl}`)
  }
  for (const problem of problems) ctx.logger.error(problem)
  return problems
}

/** Writes (or refreshes) our app.bsky.labeler.service record, when account credentials are configured. */
export async function publishServiceRecord(ctx: AppContext): Promise<void> {
  const account = ctx.cfg.account
  if (!account) return
  const agent = new AtpAgent({ service: account.pdsUrl })
  await agent.login({ identifier: account.identifier, password: account.password })
  if (agent.did !== ctx.cfg.did) throw new Error(`labeler credentials are for ${agent.did}, not ${ctx.cfg.did}`)
  await agent.com.atproto.repo.putRecord({
    repo: ctx.cfg.did,
    collection: 'app.bsky.labeler.service',
    rkey: 'self',
    record: labelerServiceRecord(),
  })
  ctx.logger.info('published app.bsky.labeler.service record')
}
