import type { ParticipantTable } from './participants'

/**
 * Tables of the video graph: the records every Framewright service indexes to apply the consent
 * rule — videos and whom they depict, likeness grants, reviews, follows, and account status.
 * Each service keeps its own copy in its own database (no shared database between services).
 */

export interface VideoTable {
  uri: string
  cid: string
  creator: string
  /** The record's claimed createdAt. */
  createdAt: string
  indexedAt: string
  /** min(createdAt, indexedAt): what feeds sort by, so a future-dated record cannot jump the queue. */
  sortAt: string
  text: string
  provider: string
  model: string
  prompt: string
  blobCid: string
  blobMime: string
  blobSize: number
  durationMs: number | null
  width: number | null
  height: number | null
  remixOfUri: string | null
  remixOfCid: string | null
  /** Companion app.bsky.feed.post in the creator's own repo (other repos' posts are ignored). */
  crosspostUri: string | null
  crosspostCid: string | null
  /** The whole record as JSON (lexToJson). */
  record: string
}

export interface DepictionTable {
  videoUri: string
  creator: string
  subject: string
  /** The grant the creator cited, if any (informational: the rule reads the subject's current grant). */
  grantUri: string | null
}

export interface LikenessGrantTable {
  /** The depicted person; the grant's rkey is always 'self'. */
  did: string
  uri: string
  cid: string
  audience: string
  /** JSON array of DIDs. */
  approved: string
  restrictions: string | null
  expiresAt: string | null
  createdAt: string
  indexedAt: string
}

export interface LikenessReviewTable {
  uri: string
  reviewer: string
  videoUri: string
  verdict: string
  createdAt: string
  indexedAt: string
}

export interface FollowTable {
  uri: string
  creator: string
  subject: string
  createdAt: string
}

export interface ActorTable {
  did: string
  /** 0 when the account is deactivated, taken down, suspended or deleted. */
  active: number
  status: string | null
  updatedAt: string
}

export interface VideoGraphSchema {
  participant: ParticipantTable
  video: VideoTable
  depiction: DepictionTable
  likeness_grant: LikenessGrantTable
  likeness_review: LikenessReviewTable
  follow: FollowTable
  actor: ActorTable
}
