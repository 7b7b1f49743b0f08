import type { Kysely } from 'kysely'
import { isConsented, type ConsentDecision, type GrantTerms } from '../consent/consent'
import type { GraphChange } from './indexer'
import type { VideoGraphSchema } from './schema'

/** The consent rule's verdict for one person depicted in one video. */
export interface DepictionConsent {
  videoUri: string
  creator: string
  subject: string
  decision: ConsentDecision
  /** The subject's grant as it was read (for explanations, and its restrictions for providers), if any. */
  grant?: GrantTerms & { uri: string; cid: string; restrictions?: string }
  /** The subject's latest review of this video (the one the rule read), if any. */
  review?: { uri: string; verdict: string; createdAt: string }
  /**
   * For a `not-mutuals` decision that is not final: the people whose follows the index does not
   * know in full yet (made before they became participants). Fetch them, then decide again.
   */
  followsPending?: string[]
}

/**
 * Applies the consent rule to every depiction of the given videos, loading grants, follows and
 * reviews in batches. Returns the depictions of each video (videos depicting nobody map to []).
 */
export async function consentForVideos(
  db: Kysely<VideoGraphSchema>,
  videoUris: string[],
  now: Date = new Date(),
): Promise<Map<string, DepictionConsent[]>> {
  const result = new Map<string, DepictionConsent[]>(videoUris.map((uri) => [uri, []]))
  if (videoUris.length === 0) return result
  const depictions = await db
    .selectFrom('depiction')
    .select(['videoUri', 'creator', 'subject'])
    .where('videoUri', 'in', videoUris)
    .execute()
  for (const d of await decide(db, depictions, now)) result.get(d.videoUri)?.push(d)
  return result
}

/**
 * The consent rule for a video not made yet: may `creator` depict each of `subjects`? The
 * generation service asks this before it submits a job that uses someone's likeness.
 */
export async function consentForNewVideo(
  db: Kysely<VideoGraphSchema>,
  creator: string,
  subjects: string[],
  now: Date = new Date(),
): Promise<DepictionConsent[]> {
  return decide(db, [...new Set(subjects)].map((subject) => ({ videoUri: '', creator, subject })), now)
}

/**
 * The consent rule for given (video, creator, subject) triples that the depiction table does not
 * hold: people a labeler found in a video by itself (face match), judged by the same rule as the
 * declared ones, with the subject's reviews of that video.
 */
export function consentForDepictions(
  db: Kysely<VideoGraphSchema>,
  depictions: { videoUri: string; creator: string; subject: string }[],
  now: Date = new Date(),
): Promise<DepictionConsent[]> {
  return decide(db, depictions, now)
}

async function decide(
  db: Kysely<VideoGraphSchema>,
  depictions: { videoUri: string; creator: string; subject: string }[],
  now: Date,
): Promise<DepictionConsent[]> {
  if (depictions.length === 0) return []
  const videoUris = [...new Set(depictions.map((d) => d.videoUri).filter(Boolean))]
  const subjects = [...new Set(depictions.map((d) => d.subject))]
  const people = [...new Set([...subjects, ...depictions.map((d) => d.creator)])]
  const [grants, follows, reviews] = await Promise.all([
    db.selectFrom('likeness_grant').selectAll().where('did', 'in', subjects).execute(),
    db
      .selectFrom('follow')
      .select(['creator', 'subject'])
      .where('creator', 'in', people)
      .where('subject', 'in', people)
      .execute(),
    videoUris.length === 0
      ? []
      : db
          .selectFrom('likeness_review')
          .select(['uri', 'videoUri', 'reviewer', 'verdict', 'createdAt'])
          .where('videoUri', 'in', videoUris)
          .where('reviewer', 'in', subjects)
          .orderBy('createdAt', 'asc')
          .orderBy('uri', 'asc')
          .execute(),
  ])
  const grantBy = new Map(grants.map((g) => [g.did, g]))
  const followSet = new Set(follows.map((f) => `${f.creator} ${f.subject}`))
  // Later reviews overwrite earlier ones: the subject's latest verdict counts.
  const reviewBy = new Map(reviews.map((r) => [`${r.videoUri} ${r.reviewer}`, r]))

  const decided = depictions.map((d) => {
    const row = grantBy.get(d.subject)
    const grant = row
      ? {
          uri: row.uri,
          cid: row.cid,
          audience: row.audience,
          approved: parseDids(row.approved),
          expiresAt: row.expiresAt ?? undefined,
          restrictions: row.restrictions ?? undefined,
        }
      : undefined
    const found = reviewBy.get(`${d.videoUri} ${d.subject}`)
    const review = found && { uri: found.uri, verdict: found.verdict, createdAt: found.createdAt }
    const decision = isConsented(
      { creator: d.creator, subject: d.subject },
      grant,
      {
        creatorFollowsSubject: followSet.has(`${d.creator} ${d.subject}`),
        subjectFollowsCreator: followSet.has(`${d.subject} ${d.creator}`),
        review: review?.verdict,
      },
      now,
    )
    const consent: DepictionConsent = { videoUri: d.videoUri, creator: d.creator, subject: d.subject, decision, grant, review }
    return consent
  })
  // "Not mutuals" is only final when the index holds all of both people's follows: the follows we
  // hold are only those made since each became a participant, unless their older ones were fetched.
  const unsure = decided.filter((c) => c.decision.reason === 'not-mutuals')
  if (unsure.length > 0) {
    const involved = [...new Set(unsure.flatMap((c) => [c.creator, c.subject]))]
    const known = new Set(
      (await db.selectFrom('participant').select('did').where('did', 'in', involved).where('followsKnownAt', 'is not', null).execute()).map((r) => r.did),
    )
    for (const c of unsure) {
      const pending = [c.creator, c.subject].filter((did) => !known.has(did))
      if (pending.length > 0) c.followsPending = pending
    }
  }
  return decided
}

/** The people whose follows the given consent decisions are waiting for (see DepictionConsent.followsPending). */
export function pendingFollows(consents: Iterable<DepictionConsent>): string[] {
  const dids = new Set<string>()
  for (const c of consents) for (const did of c.followsPending ?? []) dids.add(did)
  return [...dids]
}

/** Follow changes asked about in one statement, at most (two lists of up to twice as many DIDs). */
const FOLLOW_PAIRS_PER_QUERY = 256

/**
 * videosAffectedBy for a whole batch of changes, in a few statements instead of one per change:
 * a batch holds hundreds of follows, each of which asked the depiction table on its own. The same
 * videos as asking change by change (the order aside, and each once).
 */
export async function videosAffectedByAll(db: Kysely<VideoGraphSchema>, changes: readonly GraphChange[]): Promise<string[]> {
  const uris = new Set<string>()
  const grants = new Set<string>()
  const pairs = new Map<string, { creator: string; subject: string }>()
  for (const change of changes) {
    if (change.kind === 'grant') grants.add(change.subject)
    else if (change.kind === 'follow') pairs.set(`${change.creator} ${change.subject}`, change)
    else if (change.kind === 'follows-known') for (const uri of await videosAffectedBy(db, change)) uris.add(uri)
    else if (change.kind === 'video') uris.add(change.uri)
    else if (change.kind === 'review') uris.add(change.videoUri)
  }
  const subjects = [...grants]
  for (let i = 0; i < subjects.length; i += 500) {
    const rows = await db.selectFrom('depiction').select('videoUri').where('subject', 'in', subjects.slice(i, i + 500)).execute()
    for (const r of rows) uris.add(r.videoUri)
  }
  // Mutual-follow grants: either direction of a pair can flip a video between them. Asked as "both
  // people among this group's", then matched to the pairs here.
  const all = [...pairs.values()]
  for (let i = 0; i < all.length; i += FOLLOW_PAIRS_PER_QUERY) {
    const group = all.slice(i, i + FOLLOW_PAIRS_PER_QUERY)
    const dids = [...new Set(group.flatMap((p) => [p.creator, p.subject]))]
    const rows = await db.selectFrom('depiction').select(['videoUri', 'creator', 'subject']).where('creator', 'in', dids).where('subject', 'in', dids).execute()
    for (const r of rows) if (pairs.has(`${r.creator} ${r.subject}`) || pairs.has(`${r.subject} ${r.creator}`)) uris.add(r.videoUri)
  }
  return [...uris]
}

/** Videos whose consent state may have changed because of a graph change (retroactive revocation). */
export async function videosAffectedBy(db: Kysely<VideoGraphSchema>, change: GraphChange): Promise<string[]> {
  switch (change.kind) {
    case 'video':
      return [change.uri]
    case 'review':
      return [change.videoUri]
    case 'grant': {
      const rows = await db.selectFrom('depiction').select('videoUri').where('subject', '=', change.subject).execute()
      return rows.map((r) => r.videoUri)
    }
    case 'follow': {
      // Mutual-follow grants: either direction of the pair can flip a video between them.
      const rows = await db
        .selectFrom('depiction')
        .select('videoUri')
        .where((eb) =>
          eb.or([
            eb.and([eb('creator', '=', change.creator), eb('subject', '=', change.subject)]),
            eb.and([eb('creator', '=', change.subject), eb('subject', '=', change.creator)]),
          ]),
        )
        .execute()
      return rows.map((r) => r.videoUri)
    }
    case 'follows-known': {
      // Only videos under a mutuals grant read follows.
      const rows = await db
        .selectFrom('depiction')
        .innerJoin('likeness_grant', 'likeness_grant.did', 'depiction.subject')
        .select('depiction.videoUri')
        .where('likeness_grant.audience', '=', 'mutuals')
        .where((eb) => eb.or([eb('depiction.creator', '=', change.did), eb('depiction.subject', '=', change.did)]))
        .execute()
      return [...new Set(rows.map((r) => r.videoUri))]
    }
    case 'account':
    case 'identity':
      return []
  }
}

function parseDids(json: string): string[] {
  try {
    const value = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}
