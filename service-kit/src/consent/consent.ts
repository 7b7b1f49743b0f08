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
  reason: ConsentReason
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
  if (!coverage.consented) return coverage
  if (graph.review === 'reject') return { consented: false, reason: 'rejected-by-subject' }
  return coverage
}

function grantCoverage(creator: string, grant: GrantTerms | undefined, graph: ConsentGraph, now: Date): ConsentDecision {
  if (!grant) return { consented: false, reason: 'no-grant' }
  if (grant.expiresAt !== undefined) {
    const expires = Date.parse(grant.expiresAt)
    // An unparseable expiry is treated as expired: the safe reading of a broken grant.
    if (Number.isNaN(expires) || expires <= now.getTime()) return { consented: false, reason: 'grant-expired' }
  }
  switch (grant.audience) {
    case 'everyone':
      return { consented: true, reason: 'grant-everyone' }
    case 'mutuals':
      return graph.creatorFollowsSubject && graph.subjectFollowsCreator
        ? { consented: true, reason: 'grant-mutuals' }
        : { consented: false, reason: 'not-mutuals' }
    case 'approved':
      return grant.approved?.includes(creator)
        ? { consented: true, reason: 'grant-approved' }
        : { consented: false, reason: 'not-approved' }
    case 'self':
      return { consented: false, reason: 'grant-self-only' }
    default:
      return { consented: false, reason: 'unknown-audience' }
  }
}

/** A sentence a person can read, for label explanations and the client. */
export function describeConsent(decision: ConsentDecision, names: { creator: string; subject: string }): string {
  const { creator, subject } = names
  switch (decision.reason) {
    case 'self':
      return `${subject} made this video of themselves.`
    case 'grant-everyone':
      return `${subject}'s likeness grant lets everyone depict them.`
    case 'grant-mutuals':
      return `${subject}'s likeness grant covers mutual follows, and ${creator} and ${subject} follow each other.`
    case 'grant-approved':
      return `${subject}'s likeness grant lists ${creator} as approved.`
    case 'no-grant':
      return `${subject} has no likeness grant, so nobody else may depict them.`
    case 'grant-self-only':
      return `${subject}'s likeness grant allows nobody else to depict them.`
    case 'grant-expired':
      return `${subject}'s likeness grant has expired.`
    case 'not-mutuals':
      return `${subject}'s likeness grant covers only mutual follows, and ${creator} and ${subject} do not follow each other.`
    case 'not-approved':
      return `${subject}'s likeness grant does not list ${creator}.`
    case 'unknown-audience':
      return `${subject}'s likeness grant names an audience this service does not understand.`
    case 'rejected-by-subject':
      return `${subject} rejected this video.`
  }
}
