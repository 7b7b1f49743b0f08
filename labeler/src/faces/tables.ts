import type { Generated } from 'kysely'

/** One enrolled face template: a descriptor sealed with the template key (faces/sealed.ts), never the media. */
export interface FaceTemplateTable {
  id: Generated<number>
  did: string
  sealed: Uint8Array
  createdAt: string
}

/** An enrolled person found in a video (or a Bluesky video post) by a scan: the evidence, never the template. */
export interface FoundDepictionTable {
  /** The video record or the Bluesky post scanned. */
  subjectUri: string
  /** The person found. */
  did: string
  /** Who posted the subject. */
  author: string
  /** 'face-match'. */
  method: string
  /** Percent, from the closest match (faces/match.ts). */
  similarity: number
  /** Where the best matching frame is. */
  frameMs: number
  framesMatched: number
  framesSampled: number
  /** 1 when the record names the person in depicts. */
  declared: number
  foundAt: string
}
