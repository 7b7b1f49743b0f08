import type { IngestSchema, VideoGraphSchema } from '@framewright/service-kit'
import type { Generated } from 'kysely'
import type { KnownCopyMatchTable, KnownFingerprintTable } from '../fingerprint/tables'
import type { FaceTemplateTable, FoundDepictionTable } from '../faces/tables'
import type { C2paFactTable } from '../scan/c2pa-analyser'
import type { ScanBacklogTable } from '../scan/backlog'

/** The label log: every label and negation we ever signed, in seq order (subscribeLabels replays it). */
export interface LabelTable {
  seq: Generated<number>
  src: string
  uri: string
  cid: string | null
  val: string
  /** 1 for a negation. */
  neg: number
  cts: string
  exp: string | null
  sig: Uint8Array
}

/** Why a label (by seq) was applied or negated: the detector, its reason in words, and evidence. */
export interface LabelExplanationTable {
  labelSeq: number
  detector: string
  reason: string
  /** JSON. */
  evidence: string
}

export interface ReportTable {
  id: Generated<number>
  reasonType: string
  reason: string | null
  /** 'account' (subjectUri is a DID) or 'record'. */
  subjectType: string
  subjectUri: string
  subjectCid: string | null
  reportedBy: string
  createdAt: string
  /** 'open' until a moderator resolves it ('resolved'). */
  status: Generated<string>
  resolvedBy: string | null
  resolvedAt: string | null
}

/**
 * A plain app.bsky.feed.post whose embed is a video (directly or as recordWithMedia's media):
 * only what matching it to our videos needs, not the post's text.
 */
export interface BskyVideoPostTable {
  uri: string
  cid: string
  author: string
  /** CID of the embedded video blob: the same bytes have the same CID in any repo. */
  blobCid: string
  /** The record's claimed createdAt. */
  createdAt: string
}

export type LabelerSchema = VideoGraphSchema &
  IngestSchema & {
    label: LabelTable
    label_explanation: LabelExplanationTable
    report: ReportTable
    bsky_video_post: BskyVideoPostTable
    known_fingerprint: KnownFingerprintTable
    known_copy_match: KnownCopyMatchTable
    face_template: FaceTemplateTable
    found_depiction: FoundDepictionTable
    c2pa_fact: C2paFactTable
    scan_backlog: ScanBacklogTable
  }
