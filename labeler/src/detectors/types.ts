import type { DepictionConsent } from '@framewright/service-kit'
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'

/** An enrolled person a scan found in a subject by face match (the evidence, never the template). */
export interface FoundDepiction {
  did: string
  method: string
  similarity: number
  frameMs: number
  framesMatched: number
  framesSampled: number
  /** Whether the record names them in depicts. */
  declared: boolean
}

/** A video as detectors see it. */
export interface VideoSubject {
  uri: string
  cid: string
  creator: string
  /** The companion app.bsky.feed.post, labeled alongside the video so Bluesky clients see it too. */
  crosspostUri: string | null
  record: {
    generation?: { provider?: string; model?: string; sourceType?: string; prompt?: string }
    depicts?: { subject: string }[]
  }
  /**
   * The consent rule applied to each depicted person: the declared ones, then the people a scan found
   * whom the record does not declare (listed in `found` too).
   */
  consent: DepictionConsent[]
  /** People a scan found in the video (declared or not). */
  found?: FoundDepiction[]
  /**
   * How a reason names people, keyed by DID: the engine gives name markers (`@{did}`, see
   * labels/names.ts) that explainLabel renders as handles when the explanation is read.
   */
  names: Map<string, string>
  /**
   * Where a detector reads facts from the database: the executor the evaluation runs in (during
   * ingestion, the batch's transaction, which holds SQLite's one connection: a read through any
   * other handle would wait for it forever). Absent only in tests that build subjects by hand.
   */
  db?: Kysely<LabelerSchema>
  /**
   * Reads shared by every subject of one evaluation (see SharedReads): a detector that reads facts
   * per subject asks once for all of them. Absent in tests that build subjects by hand.
   */
  reads?: SharedReads
  /**
   * The values this labeler has in force on the video right now, before this evaluation: what a
   * detector needs to tell a change of state (consent withdrawn) from a state (never consented).
   */
  labelsInForce: ReadonlySet<string>
  /**
   * Values whose latest version here was applied with an `exp` that has passed: no longer in force,
   * but never withdrawn either (a consent that lapsed when its grant expired).
   */
  labelsLapsed?: ReadonlySet<string>
}

/** A label a detector wants on its subject, with why. */
export interface Finding {
  val: string
  reason: string
  evidence: unknown
  /** When the label stops being true on its own (e.g. the grant a consent rests on expires). */
  exp?: string
}

/**
 * A plain Bluesky post that embeds a video, as detectors see it, with the Framewright videos
 * indexed here that carry the very same bytes (same blob CID).
 */
export interface VideoPostSubject {
  uri: string
  cid: string
  author: string
  blobCid: string
  createdAt: string
  /** People a scan found in the post's video, with the consent rule applied to each (creator: the author). */
  found?: { person: FoundDepiction; consent: DepictionConsent }[]
  /** Our indexed videos whose blob is this post's video blob, oldest first. */
  sameBytes: {
    uri: string
    cid: string
    creator: string
    crosspostUri: string | null
    generation?: { provider?: string; model?: string; sourceType?: string }
  }[]
  /**
   * How a reason names people, keyed by DID: the engine gives name markers (`@{did}`, see
   * labels/names.ts) that explainLabel renders as handles when the explanation is read.
   */
  names: Map<string, string>
  /**
   * Where a detector reads facts from the database: the executor the evaluation runs in (during
   * ingestion, the batch's transaction, which holds SQLite's one connection: a read through any
   * other handle would wait for it forever). Absent only in tests that build subjects by hand.
   */
  db?: Kysely<LabelerSchema>
  /**
   * Reads shared by every subject of one evaluation (see SharedReads): a detector that reads facts
   * per subject asks once for all of them. Absent in tests that build subjects by hand.
   */
  reads?: SharedReads
}

interface DetectorBase {
  readonly name: string
  /** The values this detector alone applies and negates. */
  readonly values: readonly string[]
  /**
   * Moderators' values this detector also applies (to copies of what a moderator labelled). They stay
   * moderators' values: the detector withdraws only labels it applied itself, and never re-applies
   * one a moderator lifted from that subject.
   */
  readonly echoes?: readonly string[]
}

/** A detector of videos (app.framewright.video.post): its labels land on the video and its companion post. */
export interface VideoDetector extends DetectorBase {
  readonly subject?: 'video'
  evaluate(video: VideoSubject): Promise<Finding[]> | Finding[]
}

/** A detector of plain Bluesky posts that embed a video: its labels land on the post alone. */
export interface VideoPostDetector extends DetectorBase {
  readonly subject: 'bsky-video-post'
  evaluate(post: VideoPostSubject): Promise<Finding[]> | Finding[]
}

/**
 * A source of labeling decisions, about one kind of subject. Each detector owns its label values:
 * it alone applies and negates them, so detectors never fight over a label.
 */
export type Detector = VideoDetector | VideoPostDetector

/**
 * Reads shared by the subjects of one evaluation. An ingestion batch evaluates thousands of videos at
 * once; a detector that read its facts with one query per video spent more time in the database
 * driver than in judging. `of(key, load)` runs `load` once for every subject of the evaluation and
 * hands each later caller with the same key the same answer.
 */
export class SharedReads {
  private readonly loads = new Map<unknown, Promise<unknown>>()

  constructor(readonly uris: readonly string[]) {}

  of<T>(key: unknown, load: (uris: string[]) => Promise<T>): Promise<T> {
    let pending = this.loads.get(key) as Promise<T> | undefined
    if (!pending) {
      pending = load([...this.uris])
      this.loads.set(key, pending)
    }
    return pending
  }
}

/** A detector's facts about one subject: read for the whole evaluation at once when it shares reads. */
export async function factsFor<T>(
  subject: { uri: string; reads?: SharedReads },
  key: unknown,
  load: (uris: string[]) => Promise<Map<string, T>>,
): Promise<T | undefined> {
  const facts = subject.reads ? await subject.reads.of(key, load) : await load([subject.uri])
  return facts.get(subject.uri)
}
