import { ids, type CreateJob, type GetAuthorVideos, type GetDepicting, type GetFeed, type GetProfile, type GetThread, type GetUnreadCount, type ListNotifications } from '@framewright/lexicons'
import type { ServiceAuthCache } from './serviceAuth'
import type { ActorView, ConsentCheck, GeneratorView, JobView, LabelerView, ProviderView, VideoView } from './types'
import { xrpc, XrpcError, type QueryParams } from './xrpc'

export interface AppviewClientOptions {
  appviewUrl: string
  appviewDid: string
  /** Labeler DIDs sent as atproto-accept-labelers; the appview hydrates only their labels. */
  labelers: string[]
  /**
   * Of those, the ones sent with `;redact`: the app's own labelers, whose takedowns the appview
   * must remove from every answer rather than merely label (as the Bluesky app does with its own).
   */
  redact?: readonly string[]
  /** Present when someone is logged in: mints service JWTs with their PDS. */
  auth?: ServiceAuthCache
}

export type CreateJobInput = CreateJob.InputSchema

/** Typed calls to the appview's app.framewright.* XRPC methods. */
export class AppviewClient {
  constructor(private readonly opts: AppviewClientOptions) {}

  get loggedIn(): boolean {
    return this.opts.auth !== undefined
  }

  /** Video feed generators the appview knows of. */
  async getSuggestedFeeds(): Promise<GeneratorView[]> {
    const out = await this.query<{ feeds: GeneratorView[] }>(ids.AppFramewrightFeedGetSuggestedFeeds, { limit: 50 })
    return out.feeds
  }

  /**
   * One page of a feed. When logged in, the request carries a service JWT for the feed generator
   * itself, which the appview verifies and forwards so that the generator can personalise.
   */
  async getFeed(feed: Pick<GeneratorView, 'uri' | 'did'>, page: { cursor?: string; limit?: number } = {}): Promise<GetFeed.OutputSchema> {
    const bearer = await this.bearer(feed.did, ids.AppBskyFeedGetFeedSkeleton)
    return this.query<GetFeed.OutputSchema>(ids.AppFramewrightFeedGetFeed, { feed: feed.uri, limit: page.limit ?? 10, cursor: page.cursor }, bearer)
  }

  /** Hydrated views of videos, in the order asked; ones the appview has not indexed are left out. */
  async getVideos(uris: string[]): Promise<VideoView[]> {
    const out = await this.query<{ videos: VideoView[] }>(ids.AppFramewrightVideoGetVideos, { uris })
    return out.videos
  }

  /** One page of the videos that depict `actor`, newest first, each with its consent state. */
  async getDepicting(actor: string, page: { cursor?: string; limit?: number } = {}): Promise<GetDepicting.OutputSchema> {
    return this.query<GetDepicting.OutputSchema>(ids.AppFramewrightLikenessGetDepicting, { actor, limit: page.limit, cursor: page.cursor })
  }

  /**
   * Views of videos a labeler found `actor` in (video records or their companion posts), with
   * `actor`'s consent verdict and review even where the record does not name them. At most 50 a call.
   */
  async getDepictionViews(actor: string, uris: string[]): Promise<VideoView[]> {
    if (uris.length === 0) return []
    const out = await this.query<{ videos: VideoView[] }>(ids.AppFramewrightLikenessGetDepictionViews, { actor, uris })
    return out.videos
  }

  /** People whose handle or display name starts with `q` (for pickers). */
  async searchTypeahead(q: string, limit = 8): Promise<ActorView[]> {
    const out = await this.query<{ actors: ActorView[] }>(ids.AppFramewrightActorSearchTypeahead, { q, limit })
    return out.actors
  }

  /** Videos whose caption, tags or prompt match `q`, best first (taken-down ones are left out). */
  async searchVideos(q: string, page: { cursor?: string; limit?: number } = {}): Promise<{ videos: VideoView[]; cursor?: string }> {
    return this.query(ids.AppFramewrightVideoSearchVideos, { q, limit: page.limit ?? 24, cursor: page.cursor })
  }

  /** People whose handle or display name match `q`, best first. */
  async searchActors(q: string, page: { cursor?: string; limit?: number } = {}): Promise<{ actors: ActorView[]; cursor?: string }> {
    return this.query(ids.AppFramewrightActorSearchActors, { q, limit: page.limit ?? 12, cursor: page.cursor })
  }

  /** Whether each person's likeness grant covers the logged-in creator, with its terms (before generating). */
  async checkConsent(subjects: string[]): Promise<ConsentCheck[]> {
    const bearer = await this.requireBearer(ids.AppFramewrightLikenessCheckConsent)
    const out = await this.query<{ checks: ConsentCheck[] }>(ids.AppFramewrightLikenessCheckConsent, { subjects }, bearer)
    return out.checks
  }

  /** The generation providers this appview offers. */
  async listProviders(): Promise<ProviderView[]> {
    const out = await this.query<{ providers: ProviderView[] }>(ids.AppFramewrightGenerateListProviders)
    return out.providers
  }

  /** Queues a generation job for the logged-in creator. */
  async createJob(input: CreateJobInput): Promise<JobView> {
    const bearer = await this.requireBearer(ids.AppFramewrightGenerateCreateJob)
    return xrpc<JobView>({ ...this.base(ids.AppFramewrightGenerateCreateJob, bearer), body: input, timeoutMs: 30_000 })
  }

  /** A job of the logged-in creator, with its progress. */
  async getJob(id: string): Promise<JobView> {
    const bearer = await this.requireBearer(ids.AppFramewrightGenerateGetJob)
    return this.query<JobView>(ids.AppFramewrightGenerateGetJob, { id }, bearer)
  }

  /** Labelers' published label definitions. */
  async getLabelerServices(dids: string[]): Promise<LabelerView[]> {
    if (dids.length === 0) return []
    const out = await this.query<{ views: LabelerView[] }>(ids.AppFramewrightLabelerGetServices, { dids })
    return out.views
  }

  /** A person's profile (by handle or DID); when logged in, whether the viewer follows them. */
  async getProfile(actor: string): Promise<GetProfile.ProfileView> {
    const bearer = await this.bearer(this.opts.appviewDid, ids.AppFramewrightActorGetProfile)
    return this.query<GetProfile.ProfileView>(ids.AppFramewrightActorGetProfile, { actor }, bearer)
  }

  /** A person's videos ('made'), or the videos they allowed others to make of them ('depicted'). */
  async getAuthorVideos(actor: string, filter: 'made' | 'depicted', page: { cursor?: string; limit?: number } = {}): Promise<GetAuthorVideos.OutputSchema> {
    return this.query<GetAuthorVideos.OutputSchema>(ids.AppFramewrightVideoGetAuthorVideos, { actor, filter, limit: page.limit, cursor: page.cursor })
  }

  /** A page of a video's comments (Bluesky replies to its companion post, each with the replies under it) and, when logged in, the viewer's like. */
  async getThread(video: string, page: { cursor?: string; limit?: number } = {}): Promise<GetThread.OutputSchema> {
    const bearer = await this.bearer(this.opts.appviewDid, ids.AppFramewrightVideoGetThread)
    return this.query<GetThread.OutputSchema>(ids.AppFramewrightVideoGetThread, { video, cursor: page.cursor, limit: page.limit }, bearer)
  }

  /** The logged-in viewer's notifications, newest first. */
  async listNotifications(page: { cursor?: string } = {}): Promise<ListNotifications.OutputSchema> {
    const bearer = await this.requireBearer(ids.AppFramewrightNotificationListNotifications)
    return this.query<ListNotifications.OutputSchema>(ids.AppFramewrightNotificationListNotifications, { cursor: page.cursor }, bearer)
  }

  /** How many notifications the viewer has not seen, and when they last marked them seen. */
  async getUnreadCount(): Promise<GetUnreadCount.OutputSchema> {
    const bearer = await this.requireBearer(ids.AppFramewrightNotificationGetUnreadCount)
    return this.query<GetUnreadCount.OutputSchema>(ids.AppFramewrightNotificationGetUnreadCount, {}, bearer)
  }

  /** Marks the viewer's notifications up to now as seen. */
  async updateSeen(seenAt: string): Promise<void> {
    const bearer = await this.requireBearer(ids.AppFramewrightNotificationUpdateSeen)
    await xrpc({ ...this.base(ids.AppFramewrightNotificationUpdateSeen, bearer), body: { seenAt }, noOutput: true })
  }

  private query<T>(nsid: string, params?: QueryParams, bearer?: string): Promise<T> {
    return xrpc<T>({ ...this.base(nsid, bearer), params })
  }

  private base(nsid: string, bearer: string | undefined) {
    const headers: Record<string, string> = {}
    // Sent even when empty: no header means "the appview's defaults", an empty one means "none".
    headers['atproto-accept-labelers'] = acceptLabelersHeader(this.opts.labelers, this.opts.redact ?? [])
    if (bearer) headers.authorization = `Bearer ${bearer}`
    return { baseUrl: this.opts.appviewUrl, nsid, headers }
  }

  private async bearer(aud: string, lxm: string): Promise<string | undefined> {
    if (!this.opts.auth) return undefined
    try {
      return await this.opts.auth.token(aud, lxm)
    } catch (err) {
      throw new XrpcError('ServiceAuthFailed', `your PDS would not issue a token for ${lxm}: ${err instanceof Error ? err.message : String(err)}`, 0, lxm)
    }
  }

  private async requireBearer(lxm: string): Promise<string> {
    const token = await this.bearer(this.opts.appviewDid, lxm)
    if (!token) throw new XrpcError('AuthRequired', 'log in first', 401, lxm)
    return token
  }
}

/** The atproto-accept-labelers value: every accepted labeler, `;redact` on the ones we trust to take down. */
export function acceptLabelersHeader(labelers: readonly string[], redact: readonly string[]): string {
  return labelers.map((did) => (redact.includes(did) ? `${did};redact` : did)).join(', ')
}
