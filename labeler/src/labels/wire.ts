import type { StoredLabel } from './store'

/** A stored label as it goes on the wire (no seq; optional fields only when set). */
export function toWireLabel(label: StoredLabel) {
  const { seq: _seq, ...wire } = label
  return wire
}
