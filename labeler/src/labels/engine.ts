import type { Kysely } from 'kysely'
import { consentForDepictions, consentForVideos, pendingFollows, type Database, type Logger, type VideoGraphSchema } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { SharedReads, type Detector, type Finding, type FoundDepiction, type VideoDetector, type VideoPostDetector, type VideoPostSubject, type VideoSubject } from '../detectors'
import { nameMarkers } from './names'
import { isInForce, type LabelChange, type LabelStore, type StoredLabel } from './store'

type Latest = Map<string, Map<string, StoredLabel>>

/** Label changes a "labels changed" log line names one by one (the rest it counts). */
const LOGGED_LABELS = 20

/** The detector name moderators' decisions are explained under (see moderation/moderator.ts). */
const MODERATOR = 'moderator'

/**
 * Turns detector findings into label changes: for each video and each detector, the labels it
 * wants now are compared with the labels in force on the video and its companion post; missing
 * ones are applied and ones no longer wanted are negated. Re-running it changes nothing, so it is
 * safe on replayed events and on every graph change (revocation is retroactive).
 *
 * It only ever negates values a detector owns: labels a moderator applied (known-deepfake,
 * !takedown, …) are a human decision that no re-evaluation may undo.
 *
 * Detectors judge one of two kinds of subject: videos (`evaluate`) or plain Bluesky posts that
 * embed a video (`evaluatePosts`). A URI can be both (a video's companion post is in the post
 * table too), so each pass only ever applies or negates the values of its own kind of detector.
 */
export class LabelingEngine {
  constructor(
    private readonly db: Database<LabelerSchema>,
    private readonly store: LabelStore,
    detectors: readonly Detector[],
    private readonly logger: Logger,
    /** Told about people whose follows a consent decision waits for (to fetch them), in the same transaction. */
    private readonly followsPending: (dids: string[], db: Kysely<LabelerSchema>) => Promise<void> = async () => {},
  ) {
    this.videoDetectors = detectors.filter((d): d is VideoDetector => d.subject !== 'bsky-video-post')
    this.postDetectors = detectors.filter((d): d is VideoPostDetector => d.subject === 'bsky-video-post')
  }

  private readonly videoDetectors: VideoDetector[]
  private readonly postDetectors: VideoPostDetector[]

  /**
   * Re-evaluates the given videos and commits whatever label changes follow. `formerCompanions`
   * names the companion post a video had before the event being handled (read before the graph
   * changed): when the video is deleted or now names another post, that post's labels from the
   * video detectors are withdrawn too, instead of staying on a post nothing re-evaluates.
   *
   * Reads and writes through `db` (during ingestion, the batch's transaction). A video whose
   * consent waits for someone's follows (a mutuals grant) is left as it is until they are fetched.
   */
  async evaluate(videoUris: string[], formerCompanions: ReadonlyMap<string, string> = new Map(), db: Kysely<LabelerSchema> = this.db.db): Promise<LabelChange[]> {
    const uris = [...new Set(videoUris)]
    if (uris.length === 0) return []
    // Before reading the labels in force: another labeling transaction must not interleave.
    await this.store.serialize(db)
    const found = await db
      .selectFrom('video')
      .select(['uri', 'cid', 'creator', 'crosspostUri', 'record'])
      .where('uri', 'in', uris)
      .execute()
    const consent = await consentForVideos(db as unknown as Kysely<VideoGraphSchema>, found.map((r) => r.uri))
    const scanned = await foundIn(db, found.map((r) => r.uri))
    // People a scan found whom the record does not declare go through the same consent rule.
    const undeclared = found.flatMap((r) =>
      (scanned.get(r.uri) ?? []).filter((p) => !(consent.get(r.uri) ?? []).some((d) => d.subject === p.did)).map((p) => ({ videoUri: r.uri, creator: r.creator, subject: p.did })),
    )
    for (const c of await consentForDepictions(db as unknown as Kysely<VideoGraphSchema>, undeclared)) consent.get(c.videoUri)?.push(c)
    const waiting = new Set(found.filter((r) => (consent.get(r.uri) ?? []).some((d) => d.followsPending)).map((r) => r.uri))
    if (waiting.size > 0) await this.followsPending(pendingFollows([...consent.values()].flat()), db)
    const rows = found.filter((r) => !waiting.has(r.uri))
    const labeledUris = (row: { uri: string; crosspostUri: string | null }) => [row.uri, ...(row.crosspostUri ? [row.crosspostUri] : [])]
    // Companion posts a video no longer has: whatever the video detectors put there is withdrawn.
    const abandoned = new Map(
      uris.flatMap((uri) => {
        const former = formerCompanions.get(uri)
        const current = found.find((r) => r.uri === uri)?.crosspostUri
        return former && former !== current ? [[uri, former] as const] : []
      }),
    )
    // Deleted videos: every label we hold on them is withdrawn.
    const latest = await this.store.latest(
      [...rows.flatMap(labeledUris), ...uris.filter((u) => !found.some((r) => r.uri === u)), ...abandoned.values()],
      db,
    )
    const subjects = new Map<string, string[]>() // video uri → labeled uris
    const wanted = new Map<string, LabelChange[]>() // labeled uri → desired labels
    const reads = new SharedReads(rows.map((r) => r.uri))
    for (const row of rows) {
      const held = [...(latest.get(row.uri) ?? new Map<string, StoredLabel>()).values()]
      const video: VideoSubject = {
        ...row,
        record: JSON.parse(row.record),
        consent: consent.get(row.uri) ?? [],
        found: scanned.get(row.uri) ?? [],
        // Names are rendered when an explanation is read, not here: no handle look-ups on ingestion.
        names: nameMarkers(),
        labelsInForce: new Set(held.filter(isInForce).map((l) => l.val)),
        labelsLapsed: new Set(held.filter(isLapsed).map((l) => l.val)),
        db,
        reads,
      }
      const labeled = labeledUris(row)
      subjects.set(row.uri, labeled)
      for (const detector of this.videoDetectors) {
        const findings = await detector.evaluate(video)
        for (const uri of labeled) wanted.set(uri, [...(wanted.get(uri) ?? []), ...toChanges(uri, detector, findings)])
      }
    }
    const deleted = new Set(uris.filter((uri) => !subjects.has(uri) && !waiting.has(uri)))
    for (const uri of deleted) subjects.set(uri, [uri])

    const gone = (videoUri: string) => (deleted.has(videoUri) ? 'The video was deleted.' : undefined)
    const changes: LabelChange[] = []
    for (const [videoUri, labeled] of subjects) {
      for (const uri of labeled) changes.push(...(await this.reconcile(db, uri, wanted.get(uri) ?? [], latest, this.videoDetectors, gone(videoUri))))
    }
    for (const [videoUri, post] of abandoned) {
      const why = deleted.has(videoUri) ? 'The video this post carried was deleted.' : 'This post is no longer the video’s companion.'
      changes.push(...(await this.reconcile(db, post, [], latest, this.videoDetectors, why)))
    }
    return this.commit(changes, db)
  }

  /**
   * Re-evaluates plain Bluesky video posts (by post URI) against the videos indexed now. Posts in
   * `removed` (URI → why) are gone: the post detectors' labels on them are withdrawn, with that reason.
   */
  async evaluatePosts(postUris: string[], removed: ReadonlyMap<string, string> = new Map(), db: Kysely<LabelerSchema> = this.db.db): Promise<LabelChange[]> {
    const uris = [...new Set(postUris)]
    if (uris.length === 0 || this.postDetectors.length === 0) return []
    await this.store.serialize(db)
    const live = uris.filter((u) => !removed.has(u))
    const rows = live.length === 0 ? [] : await db.selectFrom('bsky_video_post').selectAll().where('uri', 'in', live).execute()
    const blobs = [...new Set(rows.map((r) => r.blobCid))]
    const videos =
      blobs.length === 0
        ? []
        : await db
            .selectFrom('video')
            .select(['uri', 'cid', 'creator', 'crosspostUri', 'blobCid', 'record'])
            .where('blobCid', 'in', blobs)
            .orderBy('sortAt', 'asc')
            .orderBy('uri', 'asc')
            .execute()
    const names = nameMarkers()
    const latest = await this.store.latest(uris, db)
    const scanned = await foundIn(db, rows.map((r) => r.uri))
    const postConsent = await consentForDepictions(
      db as unknown as Kysely<VideoGraphSchema>,
      rows.flatMap((r) => (scanned.get(r.uri) ?? []).map((p) => ({ videoUri: r.uri, creator: r.author, subject: p.did }))),
    )
    const changes: LabelChange[] = []
    const reads = new SharedReads(rows.map((r) => r.uri))
    for (const uri of uris) {
      const row = rows.find((r) => r.uri === uri)
      const wanted: LabelChange[] = []
      if (row) {
        const post: VideoPostSubject = {
          ...row,
          sameBytes: videos
            .filter((v) => v.blobCid === row.blobCid)
            .map((v) => ({ uri: v.uri, cid: v.cid, creator: v.creator, crosspostUri: v.crosspostUri, generation: JSON.parse(v.record).generation })),
          names,
          db,
          reads,
          found: (scanned.get(uri) ?? []).flatMap((person) => {
            const c = postConsent.find((d) => d.videoUri === uri && d.subject === person.did)
            return c ? [{ person, consent: c }] : []
          }),
        }
        for (const detector of this.postDetectors) wanted.push(...toChanges(uri, detector, await detector.evaluate(post)))
      }
      // Not in the table and not named as removed: it no longer embeds a video we could match.
      const why = row ? undefined : (removed.get(uri) ?? 'The post no longer embeds a video.')
      changes.push(...(await this.reconcile(db, uri, wanted, latest, this.postDetectors, why)))
    }
    return this.commit(changes, db)
  }

  /**
   * Re-evaluates videos and posts outside ingestion (a grant expiry, a moderator's decision), in one
   * transaction of its own: it then never interleaves with an ingestion batch (SQLite has one
   * connection, which a batch holds while it runs), so both never read the same labels and each
   * write a version of them. On Postgres the label store's lock gives the same (see LabelStore.serialize).
   */
  async evaluateAlone(videoUris: string[], postUris: string[] = []): Promise<LabelChange[]> {
    if (videoUris.length === 0 && postUris.length === 0) return []
    return this.db.db.transaction().execute(async (tx) => [
      ...(await this.evaluate(videoUris, new Map(), tx)),
      ...(await this.evaluatePosts(postUris, new Map(), tx)),
    ])
  }

  /** The Bluesky video posts that embed any of these blobs: what a video change re-evaluates. */
  async postsWithBlobs(blobCids: string[], db: Kysely<LabelerSchema> = this.db.db): Promise<string[]> {
    const blobs = [...new Set(blobCids)]
    if (blobs.length === 0) return []
    const rows = await db.selectFrom('bsky_video_post').select('uri').where('blobCid', 'in', blobs).execute()
    return rows.map((r) => r.uri)
  }

  /**
   * The changes that take one URI from its labels in force to the wanted ones, touching only values
   * the given detectors own. `gone` explains negations when the subject itself no longer exists.
   */
  private async reconcile(
    db: Kysely<LabelerSchema>,
    uri: string,
    wanted: LabelChange[],
    latest: Latest,
    owners: readonly Detector[],
    gone?: string,
  ): Promise<LabelChange[]> {
    const desired = new Map(wanted.map((c) => [c.val, c]))
    const current = latest.get(uri) ?? new Map<string, StoredLabel>()
    const changes: LabelChange[] = []
    for (const [val, change] of desired) {
      const held = current.get(val)
      // A label in force is kept, unless its expiry moved (a grant extended, or made permanent): then
      // it is issued again with the new one.
      if (isInForce(held) && held.exp === change.exp) continue
      // A moderator lifted this value from this very subject: a detector echoing moderators defers to them.
      if (held && !isInForce(held) && owners.some((d) => d.name === change.explanation.detector && d.echoes?.includes(val))) {
        if ((await this.latestDetector(uri, val, db)) === MODERATOR) continue
      }
      changes.push(change)
    }
    for (const [val, label] of current) {
      if (!isInForce(label) || desired.has(val)) continue
      const owner = owners.find((d) => d.values.includes(val))
      if (!owner) {
        // A moderator's value: withdrawn only by the detector that echoed it here, never when a moderator applied it.
        const echoer = owners.find((d) => d.echoes?.includes(val))
        if (echoer && (await this.latestDetector(uri, val, db)) === echoer.name) {
          changes.push({ uri, val, neg: true, explanation: { detector: echoer.name, reason: gone ?? `${echoer.name} no longer finds this: the original was lifted, or this no longer matches it.`, evidence: null } })
        }
        continue // a moderator's label (or another kind of detector's): not this pass's to withdraw
      }
      const reason = gone ?? `${owner.name} no longer finds this: the ${owner.subject === 'bsky-video-post' ? 'post or the videos it matches' : 'video or the consent graph'} changed.`
      changes.push({ uri, val, neg: true, explanation: { detector: owner.name, reason, evidence: null } })
    }
    return changes
  }

  private async commit(changes: LabelChange[], db: Kysely<LabelerSchema>): Promise<LabelChange[]> {
    const applied = await this.store.apply(changes, db)
    if (applied.length > 0) {
      // Catching up, a batch changes hundreds of labels: the log names the first few and counts the rest
      // by value (every label is in the store, with its explanation); a 40 KB line per batch was 1 % of ingestion.
      const signed = (l: StoredLabel) => `${l.neg ? '-' : '+'}${l.val}`
      const byValue: Record<string, number> = {}
      for (const value of applied.map(signed)) byValue[value] = (byValue[value] ?? 0) + 1
      const labels = applied.slice(0, LOGGED_LABELS).map((l) => `${signed(l)} ${l.uri}`)
      this.logger.info({ count: applied.length, byValue, labels }, 'labels changed')
    }
    return changes
  }

  /**
   * The URIs a label on this subject lands on: a video and its companion Bluesky post go together
   * (whichever of the two is named), anything else stands alone.
   */
  async labeledWith(uri: string): Promise<string[]> {
    const row = await this.db.db
      .selectFrom('video')
      .select(['uri', 'crosspostUri'])
      .where((eb) => eb.or([eb('uri', '=', uri), eb('crosspostUri', '=', uri)]))
      .executeTakeFirst()
    if (!row) return [uri]
    return [row.uri, ...(row.crosspostUri ? [row.crosspostUri] : [])]
  }

  /** Which detector (or 'moderator') wrote the latest version of a label, read through `db` (the caller's transaction). */
  private async latestDetector(uri: string, val: string, db: Kysely<LabelerSchema>): Promise<string | undefined> {
    return (await this.store.explain(uri, val, db))[0]?.explanation.detector
  }
}

function toChanges(uri: string, detector: Detector, findings: Finding[]): LabelChange[] {
  return findings.map((f) => ({ uri, val: f.val, neg: false, exp: f.exp, explanation: { detector: detector.name, reason: f.reason, evidence: f.evidence } }))
}

/** Applied, never negated, and past its `exp`: the label ran out by itself. */
function isLapsed(label: StoredLabel): boolean {
  return !label.neg && label.exp !== undefined && !isInForce(label)
}

/** People scans found in these subjects (videos or posts), by subject URI. */
async function foundIn(db: Kysely<LabelerSchema>, uris: string[]): Promise<Map<string, FoundDepiction[]>> {
  const result = new Map<string, FoundDepiction[]>()
  if (uris.length === 0) return result
  const rows = await db.selectFrom('found_depiction').selectAll().where('subjectUri', 'in', uris).orderBy('did').execute()
  for (const r of rows) {
    const list = result.get(r.subjectUri) ?? []
    list.push({ did: r.did, method: r.method, similarity: r.similarity, frameMs: r.frameMs, framesMatched: r.framesMatched, framesSampled: r.framesSampled, declared: r.declared === 1 })
    result.set(r.subjectUri, list)
  }
  return result
}
