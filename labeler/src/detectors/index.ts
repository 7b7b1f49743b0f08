import { c2paVideoDetector, NO_C2PA_FACTS } from './c2pa'
import { consentGraphDetector } from './consent-graph'
import { faceMatchPostDetector, faceMatchVideoDetector } from './face-match'
import { provenanceDetector } from './provenance'
import { reuploadDetector } from './reupload'
import type { Detector } from './types'

export type { Detector, Finding, FoundDepiction, VideoDetector, VideoPostDetector, VideoPostSubject, VideoSubject } from './types'
export { SharedReads } from './types'

/** The detectors this labeler runs: on every video change, and on every Bluesky video post change. */
export const defaultDetectors: Detector[] = [provenanceDetector, consentGraphDetector, reuploadDetector, c2paVideoDetector(NO_C2PA_FACTS), faceMatchVideoDetector, faceMatchPostDetector]
