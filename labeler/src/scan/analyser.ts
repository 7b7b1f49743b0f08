import type { Frame, VideoProbe } from '@framewright/service-kit'
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'

/** A video offered to the scan pipeline: our video record, or a plain Bluesky post embedding a video. */
export interface ScanSubject {
  kind: 'video' | 'post'
  uri: string
  /** Who posted it (the repo the blob is fetched from). */
  author: string
  blobCid: string
  /** People the record declares in depicts (none for a Bluesky post). */
  declared: string[]
}

/** The media of a subject, fetched and decoded once for every analyser. */
export interface ScanMedia {
  /** A private temporary copy of the blob, deleted after the scan. */
  path: string
  bytes: Uint8Array
  probe: VideoProbe
  /** At least four RGB frames spread over the video. */
  frames: Frame[]
}

/**
 * One kind of analysis of scanned media (faces, C2PA, fingerprints). It writes its facts through
 * `db`; the labeling engine's detectors read them when the subject is re-evaluated afterwards.
 */
export interface Analyser {
  readonly name: string
  analyse(subject: ScanSubject, media: ScanMedia, db: Kysely<LabelerSchema>): Promise<void>
}
