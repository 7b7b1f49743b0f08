import type { IngestSchema, VideoGraphSchema } from '@framewright/service-kit'
import type { GenerationQuotaTable } from './generation-quota-table'
import type { GrantHolderNameTable } from './grant-holder-name-table'
import type { VideoMediaTable } from './video-media-table'
import type { SocialSchema } from './social-tables'

/** app.bsky.feed.generator records with contentMode video: the feeds we can offer and proxy. */
export interface FeedGeneratorTable {
  uri: string
  cid: string
  creator: string
  /** The feed generator service's DID (where skeletons come from). */
  did: string
  displayName: string
  description: string | null
  contentMode: string | null
  acceptsInteractions: number
  indexedAt: string
}

/** app.bsky.labeler.service records: label definitions for clients. */
export interface LabelerServiceTable {
  did: string
  cid: string
  /** JSON of the record's policies. */
  policies: string
  indexedAt: string
}

/** Current state of every label from the labelers we subscribe to (signatures verified). */
export interface LabelTable {
  src: string
  uri: string
  val: string
  cid: string | null
  neg: number
  cts: string
  exp: string | null
  sig: Uint8Array
}

/** Verified handles, cached. */
export interface ActorHandleTable {
  did: string
  handle: string
  checkedAt: string
}

/** Durable generation jobs: they survive restarts and resume where the provider is. */
export interface GenerationJobTable {
  id: string
  creator: string
  status: string
  progress: number
  stage: string | null
  provider: string
  model: string
  prompt: string
  seed: number
  durationMs: number
  width: number
  height: number
  /** JSON array of DIDs. */
  depicts: string
  remixOfUri: string | null
  remixOfCid: string | null
  /** JSON array of { subject, text }: the depicted people's grant restrictions, for the provider. */
  restrictions: string | null
  providerJobId: string | null
  error: string | null
  /** JSON of the finished file's VideoFileInfo. */
  result: string | null
  /** JSON of the provenance to publish. */
  provenance: string | null
  createdAt: string
  updatedAt: string
  /** The runner holding a running job, and when it last said it was alive (013-job-leases). */
  runner: string | null
  heartbeatAt: string | null
  /** How many times the job was taken back from a runner that stopped mid-job (015-job-interruptions). */
  interruptions: number
}

export type AppviewSchema = VideoGraphSchema &
  IngestSchema &
  SocialSchema & {
    feed_generator: FeedGeneratorTable
    labeler_service: LabelerServiceTable
    label: LabelTable
    actor_handle: ActorHandleTable
    generation_job: GenerationJobTable
    generation_quota: GenerationQuotaTable
    grant_holder_name: GrantHolderNameTable
    video_media: VideoMediaTable
  }
