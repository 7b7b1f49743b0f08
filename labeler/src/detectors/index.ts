import { consentGraphDetector } from './consent-graph'
import { provenanceDetector } from './provenance'
import type { Detector } from './types'

export type { Detector, Finding, VideoSubject } from './types'

/** The detectors this labeler runs on every video change. */
export const defaultDetectors: Detector[] = [provenanceDetector, consentGraphDetector]
