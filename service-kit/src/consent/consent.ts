/**
 * Framewright's consent rule — the one function every service calls.
 *
 * A video by creator C that depicts subject S is consented when S == C, or when S's current grant
 * exists, has not expired and covers C (audience `everyone`; `mutuals` and C and S follow each
 * other; `approved` and C is listed), and S has not rejected this video. Anything else is not.
 */

/** The parts of an app.framewright.likeness.grant record the rule reads. */
export interface GrantTerms {
  audience: string
  approved?: string[]
  expiresAt?: string
}

/** The social facts between creator and subject, and the subject's verdict on this video. */
export interface ConsentGraph {
  creatorFollowsSubject: boolean
  subjectFollowsCreator: boolean
  /** The subject's latest review of this very video, if any. */
  review?: 'approve' | 'reject' | string
}

export type ConsentReason =
  | 'self'
  | 'grant-everyone'
  | 'grant-mutuals'
  | 'grant-approved'
  | 'no-grant'
  | 'grant-self-only'
  | 'grant-expired'
  | 'not-mutuals'
  | 'not-approved'
  | 'unknown-audience'
  | 'rejected-by-subject'

export interface ConsentDecision {
  consented: boolean
  /** Why: for an unconsented video whose grant does not cover the creator, that comes first. */
  reason: ConsentReason
  /**
   * The subject rejected this very video. Carried apart from `reason`, because a video can be both
   * uncovered and rejected, and a rejection is a dispute whatever the grant says.
   */
  rejected?: boolean
  /**
   * When the grant's coverage ends (consented) or ended (grant-expired), as an ISO instant: a
   * consent that rests on an expiring grant is only good until then.
   */
  expiresAt?: string
}

/** Applies the consent rule to one (creator, subject) pair of a video. */
export function isConsented(
  video: { creator: string; subject: string },
  grant: GrantTerms | undefined,
  graph: ConsentGraph,
  now: Date = new Date(),
): ConsentDecision {
  if (video.subject === video.creator) return { consented: true, reason: 'self' }
  const coverage = grantCoverage(video.creator, grant, graph, now)
  const rejected = graph.review === 'reject'
  if (!coverage.consented) return rejected ? { ...coverage, rejected } : coverage
  if (rejected) return { consented: false, reason: 'rejected-by-subject', rejected }
  return coverage
}

function grantCoverage(creator: string, grant: GrantTerms | undefined, graph: ConsentGraph, now: Date): ConsentDecision {
  if (!grant) return { consented: false, reason: 'no-grant' }
  let expiresAt: string | undefined
  if (grant.expiresAt !== undefined) {
    const expires = Date.parse(grant.expiresAt)
    // An unparseable expiry is treated as expired: the safe reading of a broken grant.
    if (Number.isNaN(expires)) return { consented: false, reason: 'grant-expired' }
    expiresAt = new Date(expires).toISOString()
    if (expires <= now.getTime()) return { consented: false, reason: 'grant-expired', expiresAt }
  }
  const until = expiresAt ? { expiresAt } : {}
  switch (grant.audience) {
    case 'everyone':
      return { consented: true, reason: 'grant-everyone', ...until }
    case 'mutuals':
      return graph.creatorFollowsSubject && graph.subjectFollowsCreator
        ? { consented: true, reason: 'grant-mutuals', ...until }
        : { consented: false, reason: 'not-mutuals' }
    case 'approved':
      return grant.approved?.includes(creator)
        ? { consented: true, reason: 'grant-approved', ...until }
        : { consented: false, reason: 'not-approved' }
    case 'self':
      return { consented: false, reason: 'grant-self-only' }
    default:
      return { consented: false, reason: 'unknown-audience' }
  }
}

/**
 * A sentence a person can read, for label explanations, refusals and the client. `creator` and
 * `subject` are how to name the two people (handles, typically).
 */
export function describeConsent(decision: ConsentDecision, names: { creator: string; subject: string }): string {
  const { creator, subject } = names
  const until = decision.expiresAt ? ` until ${formatInstant(decision.expiresAt)}` : ''
  switch (decision.reason) {
    case 'self':
      return `${subject} made this video of themselves.`
    case 'grant-everyone':
      return `${subject}'s likeness grant lets everyone depict them${until}.`
    case 'grant-mutuals':
      return `${subject}'s likeness grant covers mutual follows${until}, and ${creator} and ${subject} follow each other.`
    case 'grant-approved':
      return `${subject}'s likeness grant lists ${creator} as approved${until}.`
    case 'no-grant':
      return `${subject} has not allowed anyone to use their likeness: they have no likeness grant.`
    case 'grant-self-only':
      return `${subject} has not allowed anyone else to use their likeness.`
    case 'grant-expired':
      return decision.expiresAt
        ? `${subject}'s likeness grant expired on ${formatInstant(decision.expiresAt)}.`
        : `${subject}'s likeness grant has an expiry date that cannot be read, so it counts as expired.`
    case 'not-mutuals':
      return `${subject} allows only mutual follows to use their likeness, and ${creator} and ${subject} do not follow each other.`
    case 'not-approved':
      return `${subject} allows only people they approved to use their likeness, and ${creator} is not one of them.`
    case 'unknown-audience':
      return `${subject}'s likeness grant names an audience this service does not understand.`
    case 'rejected-by-subject':
      return `${subject} rejected this video.`
  }
}

/** An instant as people read it anywhere: "2026-06-01 14:30 UTC" (no locale, no time zone guess). */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
