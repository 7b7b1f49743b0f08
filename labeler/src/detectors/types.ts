import type { DepictionConsent } from '@framewright/service-kit'

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
  /** The consent rule applied to each depicted person. */
  consent: DepictionConsent[]
  /** Handles for explanations, keyed by DID (falls back to the DID). */
  names: Map<string, string>
  /**
   * The values this labeler has in force on the video right now, before this evaluation: what a
   * detector needs to tell a change of state (consent withdrawn) from a state (never consented).
   */
  labelsInForce: ReadonlySet<string>
}

/** A label a detector wants on a video, with why. */
export interface Finding {
  val: string
  reason: string
  evidence: unknown
}

/**
 * A source of labeling decisions. Each detector owns its label values: it alone applies and
 * negates them, so detectors never fight over a label.
 */
export interface Detector {
  readonly name: string
  readonly values: readonly string[]
  evaluate(video: VideoSubject): Promise<Finding[]> | Finding[]
}
