import type { Kysely } from 'kysely'
import { sampleFrames, type MediaTools } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { FINGERPRINT_FRAME_WIDTH, fingerprintFrames } from '../fingerprint/fingerprint'
import type { KnownFingerprintStore } from '../fingerprint/store'
import type { Analyser, ScanMedia, ScanSubject } from './analyser'

/** Probe frames per scanned video, as bench/fingerprint.ts measures the matcher with. */
const PROBE_FRAMES = 12

/**
 * Matches every scanned video's perceptual fingerprint with the known originals moderators
 * labelled (known-deepfake, !takedown) and records the matches, from which the known-copy detectors
 * label copies. It samples its own small grey frames: the matcher was tuned on 12 of them.
 */
export class KnownCopyAnalyser implements Analyser {
  readonly name = 'known-copy'

  constructor(
    private readonly store: KnownFingerprintStore,
    private readonly ffmpeg: MediaTools,
  ) {}

  async analyse(subject: ScanSubject, media: ScanMedia, _db: Kysely<LabelerSchema>): Promise<void> {
    const frames = await sampleFrames(media.path, { tools: this.ffmpeg, count: PROBE_FRAMES, width: FINGERPRINT_FRAME_WIDTH, pixelFormat: 'gray', probe: media.probe, background: true })
    const matches = await this.store.match(subject.uri, fingerprintFrames(frames))
    await this.store.recordMatches(subject.uri, matches)
  }
}
