import { InvalidRequestError } from '@atproto/xrpc-server'
import type { CheckConsent } from '@framewright/lexicons'
import {
  consentForNewVideoWithFollows,
  describeConsent,
  resolveHandle,
  type Database,
  type IdentityConfig,
  type IdResolver,
  type VideoGraph,
} from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { ActorHydrator } from '../hydration/actors'
import type { GrantHolderNames } from './grant-holder-names'

export type ConsentCheck = CheckConsent.ConsentCheck

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/

/**
 * "May this creator depict these people?", answered before anything is generated: the one
 * consent rule, each decision as a sentence (describeConsent), and the terms of each grant. The
 * Create picker asks it through checkConsent, and the generation service words its refusals with it.
 */
export class ConsentChecks {
  constructor(
    private readonly db: Database<AppviewSchema>,
    private readonly actors: ActorHydrator,
    private readonly names: GrantHolderNames,
    private readonly idResolver: IdResolver,
    private readonly identity: IdentityConfig,
    /** Fetches the follows a mutuals grant's decision needs (the index keeps only participants' follows). */
    private readonly graph: VideoGraph,
  ) {}

  /** One check per person, in the order given (each once). */
  async check(creator: string, subjects: string[]): Promise<ConsentCheck[]> {
    const dids = [...new Set(subjects)]
    if (dids.length === 0) return []
    const [decisions, handles, displayNames] = await Promise.all([
      // A mutuals decision about someone whose older follows are not known yet waits (briefly) for them.
      consentForNewVideoWithFollows(this.db.db, this.graph, creator, dids),
      this.actors.handles([creator, ...dids]),
      this.names.of(dids),
    ])
    const name = (did: string) => {
      const handle = handles.get(did)
      return handle && handle !== 'handle.invalid' ? handle : did
    }
    return decisions.map((d) => ({
      subject: { did: d.subject, handle: handles.get(d.subject) ?? 'handle.invalid', ...(displayNames.has(d.subject) ? { displayName: displayNames.get(d.subject) } : {}) },
      consented: d.decision.consented,
      reason: d.decision.reason,
      message: describeConsent(d.decision, { creator: name(creator), subject: name(d.subject) }),
      ...(d.grant
        ? {
            audience: d.grant.audience,
            grant: { uri: d.grant.uri, cid: d.grant.cid },
            ...(d.grant.restrictions ? { restrictions: d.grant.restrictions } : {}),
            ...(d.decision.expiresAt ? { expiresAt: d.decision.expiresAt } : {}),
          }
        : {}),
    }))
  }

  /** DIDs for DIDs or handles; a handle that does not resolve is SubjectNotFound. */
  async resolveSubjects(identifiers: string[]): Promise<string[]> {
    return Promise.all(
      identifiers.map(async (id) => {
        if (DID.test(id)) return id
        const handle = id.replace(/^@/, '').toLowerCase()
        const did = await this.resolveHandle(handle)
        if (!did) throw new InvalidRequestError(`${handle} is not an account this appview can find; check the handle.`, 'SubjectNotFound')
        return did
      }),
    )
  }

  /** A handle's DID, or undefined when it does not resolve. */
  resolveHandle(handle: string): Promise<string | undefined> {
    return resolveHandle(this.idResolver, this.identity, handle)
  }
}
