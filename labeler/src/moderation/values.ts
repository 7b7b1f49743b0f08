import type { Detector } from '../detectors'
import { GLOBAL_LABEL_VALUES, LABEL_DEFINITIONS } from '../policies'

/** Who decides a label value: one detector, or the labeler's human moderators. */
export type LabelOwner = { kind: 'detector'; detector: string } | { kind: 'moderator' }

/**
 * Every value has exactly one owner, so detectors and moderators never fight over a label: a
 * detector owns the values it declares; every other value we define, and the global values we
 * allow, belong to moderators. Undefined values have no owner (undefined).
 */
export function labelOwner(val: string, detectors: readonly Detector[]): LabelOwner | undefined {
  const detector = detectors.find((d) => d.values.includes(val))
  if (detector) return { kind: 'detector', detector: detector.name }
  return moderatorValues(detectors).includes(val) ? { kind: 'moderator' } : undefined
}

/** The values moderators may apply and negate with these detectors running. */
export function moderatorValues(detectors: readonly Detector[]): string[] {
  const owned = new Set(detectors.flatMap((d) => d.values))
  return [...LABEL_DEFINITIONS.map((d) => d.identifier as string), ...GLOBAL_LABEL_VALUES].filter((v) => !owned.has(v))
}
