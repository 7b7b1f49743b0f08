import { consentForDepictions, pendingFollows, type DepictionConsent, type SqlDialect, type VideoGraphSchema } from '@framewright/service-kit'
import { sql, type RawBuilder } from 'kysely'
import type { VideoDefs } from '@framewright/lexicons'
import type { AppContext } from '../context'
import { isRedacted, type AcceptedLabeler } from '../labels/accept'
import { labelsFor, type LabelView } from './labels'

export type VideoView = Omit<VideoDefs.VideoView, 'labels'> & { labels: LabelView[] }

export interface HydrateOptions {
  /**
   * A person a labeler found in these videos: where a video's record does not name them, they are
   * added to its depictions (marked undeclared) with the consent rule's verdict and their review,
   * so that they can see and review it as they would a declared one.
   */
  foundActor?: string
}

/**
 * Hydrates video posts into views, in batches keyed by URI: the records, their creators' and
 * subjects' handles, the consent rule's verdict for each depicted person, remix counts, and the
 * labels of the accepted labelers on the video, its companion post and its creator's account.
 * Videos by inactive accounts, and videos a `redact` labeler took down, are left out. The map holds
 * only videos that exist.
 */
export async function hydrateVideos(
  ctx: AppContext,
  uris: string[],
  labelers: AcceptedLabeler[],
  opts: HydrateOptions = {},
): Promise<Map<string, VideoView>> {
  const unique = [...new Set(uris)]
  if (unique.length === 0) return new Map()
  return viewsOf(ctx, await videoRows(ctx, { uris: unique }), labelers, opts)
}

/**
 * Hydrates a skeleton's posts: each post → the view of the video it stands for (a companion
 * app.bsky.feed.post stands for the video that names it as its crosspost, a video URI for itself);
 * posts that stand for no video we can show are left out. The videos are read by either in one
 * statement, not first mapped and then read.
 */
export async function hydratePosts(ctx: AppContext, posts: string[], labelers: AcceptedLabeler[]): Promise<Map<string, VideoView>> {
  const companions = new Set(posts.filter((p) => p.includes('/app.bsky.feed.post/')))
  const videoPosts = new Set(posts.filter((p) => p.includes('/app.framewright.video.post/')))
  const result = new Map<string, VideoView>()
  if (companions.size === 0 && videoPosts.size === 0) return result
  const rows = await videoRows(ctx, { uris: [...videoPosts], crossposts: [...companions] })
  const videoFor = new Map<string, string>()
  for (const p of videoPosts) videoFor.set(p, p)
  for (const r of rows) if (r.crosspostUri && companions.has(r.crosspostUri)) videoFor.set(r.crosspostUri, r.uri)
  const wanted = new Set(videoFor.values())
  const views = await viewsOf(ctx, rows.filter((r) => wanted.has(r.uri)), labelers, {})
  for (const p of posts) {
    const view = views.get(videoFor.get(p) ?? '')
    if (view) result.set(p, view)
  }
  return result
}

/**
 * Video rows by URI and/or by companion post, each with what hydration reads about it elsewhere:
 * whether its creator's account is active, its blob's probe, its remix count, its creator's cached
 * handle and its declared depictions. A page's hydration was eight statements, and on Postgres each
 * round trip costs more than its query.
 */
async function videoRows(ctx: AppContext, by: { uris: string[]; crossposts?: string[] }) {
  return ctx.db.db
    .selectFrom('video')
    .leftJoin('actor', 'actor.did', 'video.creator')
    .leftJoin('video_media', 'video_media.blobCid', 'video.blobCid')
    .leftJoin('actor_handle', 'actor_handle.did', 'video.creator')
    .selectAll('video')
    .select(['actor.active', 'video_media.hasAudio as probedHasAudio', 'actor_handle.handle as creatorHandle', 'actor_handle.checkedAt as creatorHandleCheckedAt'])
    .select((eb) => eb.selectFrom('video as remix').select(eb.fn.countAll().as('n')).whereRef('remix.remixOfUri', '=', 'video.uri').as('remixCount'))
    .select(depictionsJson(ctx.db.dialect).as('depictions'))
    .where((eb) =>
      eb.or([
        ...(by.uris.length > 0 ? [eb('video.uri', 'in', by.uris)] : []),
        ...(by.crossposts && by.crossposts.length > 0 ? [eb('video.crosspostUri', 'in', by.crossposts)] : []),
      ]),
    )
    .execute()
}

type VideoRow = Awaited<ReturnType<typeof videoRows>>[number]

/**
 * A video's declared depictions (creator and subject, by subject) as a JSON array: Postgres's
 * json_agg (null when there are none), SQLite's json_group_array (text, '[]' when none).
 */
function depictionsJson(dialect: SqlDialect): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`(select json_agg(json_build_object('creator', d."creator", 'subject', d."subject") order by d."subject") from "depiction" as d where d."videoUri" = "video"."uri")`
    : sql`(select json_group_array(json_object('creator', d."creator", 'subject', d."subject") order by d."subject") from "depiction" as d where d."videoUri" = "video"."uri")`
}

/** The depictions depictionsJson read, as consentForDepictions takes them. */
function depictionsOf(row: VideoRow): { videoUri: string; creator: string; subject: string }[] {
  const value = typeof row.depictions === 'string' ? JSON.parse(row.depictions) : row.depictions
  return Array.isArray(value) ? value.map((d: { creator: string; subject: string }) => ({ videoUri: row.uri, creator: d.creator, subject: d.subject })) : []
}

/** The views of video rows read by videoRows (see hydrateVideos). */
async function viewsOf(ctx: AppContext, rows: VideoRow[], labelers: AcceptedLabeler[], opts: HydrateOptions): Promise<Map<string, VideoView>> {
  const views = new Map<string, VideoView>()
  const live = rows.filter((r) => r.active !== 0)
  if (live.length === 0) return views
  const labelSubjects = live.flatMap((r) => [r.uri, r.creator, ...(r.crosspostUri ? [r.crosspostUri] : [])])
  const [consent, labels] = await Promise.all([consentWithFound(ctx, live, opts.foundActor), labelsFor(ctx.db, labelSubjects, labelers.map((l) => l.did))])
  // A mutuals decision waiting for someone's follows shows as not consented until they are fetched.
  void ctx.graph.requestFollows(pendingFollows([...consent.values()].flat()))
  const remixCreator = (r: { remixOfUri: string | null }) => r.remixOfUri?.split('/')[2]
  const people = live.flatMap((r) => [r.creator, ...(consent.get(r.uri) ?? []).map((d) => d.subject), remixCreator(r) ?? r.creator])
  const creatorHandles = new Map(live.map((r) => [r.creator, r.creatorHandle !== null && r.creatorHandleCheckedAt !== null ? { handle: r.creatorHandle, checkedAt: r.creatorHandleCheckedAt } : undefined]))
  const handles = await ctx.actors.handles(people, creatorHandles)
  // Videos whose blob nobody probed yet show no hasAudio, and are probed now.
  ctx.videoMedia.probeViewed(live.filter((r) => r.probedHasAudio === null).map((r) => ({ did: r.creator, cid: r.blobCid })))
  const actor = (did: string) => ({ did, handle: handles.get(did) ?? 'handle.invalid' })

  for (const row of live) {
    const rowLabels = [row.uri, row.crosspostUri, row.creator].flatMap((s) => (s ? (labels.get(s) ?? []) : []))
    if (isRedacted(rowLabels, labelers)) continue
    const record = JSON.parse(row.record) as Record<string, unknown>
    const generation = record.generation as VideoDefs.VideoView['generation']
    views.set(row.uri, {
      uri: row.uri,
      cid: row.cid,
      creator: actor(row.creator),
      playback: {
        url: `${ctx.cfg.publicUrl}/video/${row.creator}/${row.blobCid}`,
        thumbnail: `${ctx.cfg.publicUrl}/thumb/${row.creator}/${row.blobCid}`,
        mimeType: row.blobMime,
      },
      text: row.text || undefined,
      alt: typeof record.alt === 'string' ? record.alt : undefined,
      langs: Array.isArray(record.langs) ? (record.langs as string[]) : undefined,
      tags: Array.isArray(record.tags) ? (record.tags as string[]) : undefined,
      aspectRatio: row.width && row.height ? { width: row.width, height: row.height } : undefined,
      durationMs: row.durationMs ?? undefined,
      hasAudio: row.probedHasAudio === null ? undefined : row.probedHasAudio === 1,
      generation,
      depicts: (consent.get(row.uri) ?? []).map((d) => ({
        subject: actor(d.subject),
        consent: { consented: d.decision.consented, reason: d.decision.reason, ...(d.decision.rejected ? { rejected: true } : {}) },
        review: d.review,
        ...(d.undeclared ? { undeclared: true } : {}),
      })),
      remixOf: row.remixOfUri && row.remixOfCid ? { uri: row.remixOfUri, cid: row.remixOfCid } : undefined,
      remixOfCreator: remixCreator(row) ? actor(remixCreator(row)!) : undefined,
      remixCount: Number(row.remixCount ?? 0),
      crosspost: row.crosspostUri && row.crosspostCid ? { uri: row.crosspostUri, cid: row.crosspostCid } : undefined,
      createdAt: row.createdAt,
      indexedAt: row.indexedAt,
      labels: rowLabels,
    })
  }
  return views
}

/**
 * The consent rule over each video's declared people, plus `foundActor` (last, marked undeclared)
 * in the videos whose record does not name them.
 */
async function consentWithFound(ctx: AppContext, videos: VideoRow[], foundActor: string | undefined): Promise<Map<string, (DepictionConsent & { undeclared?: true })[]>> {
  const db = ctx.db.tables<VideoGraphSchema>()
  // The declared ones as consentForVideos would judge them, from the depictions read with the videos.
  const declared = new Map<string, (DepictionConsent & { undeclared?: true })[]>(videos.map((v) => [v.uri, []]))
  for (const d of await consentForDepictions(db, videos.flatMap(depictionsOf))) declared.get(d.videoUri)?.push(d)
  if (!foundActor) return declared
  const missing = videos.filter((v) => !(declared.get(v.uri) ?? []).some((d) => d.subject === foundActor))
  const found = await consentForDepictions(db, missing.map((v) => ({ videoUri: v.uri, creator: v.creator, subject: foundActor })))
  for (const d of found) declared.get(d.videoUri)?.push({ ...d, undeclared: true })
  return declared
}

/**
 * Maps skeleton items to video URIs: a companion app.bsky.feed.post stands for the video that
 * names it as its crosspost; a video URI stands for itself. Unknown posts map to nothing.
 */
export async function videoUrisForPosts(ctx: AppContext, posts: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>()
  const companions = posts.filter((p) => p.includes('/app.bsky.feed.post/'))
  for (const p of posts) if (p.includes('/app.framewright.video.post/')) result.set(p, p)
  if (companions.length > 0) {
    const rows = await ctx.db.db
      .selectFrom('video')
      .select(['uri', 'crosspostUri'])
      .where('crosspostUri', 'in', companions)
      .execute()
    for (const r of rows) if (r.crosspostUri) result.set(r.crosspostUri, r.uri)
  }
  return result
}
