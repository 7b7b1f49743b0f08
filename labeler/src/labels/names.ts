import type { DisplayNames } from '@framewright/service-kit'

/**
 * How detectors name people in the reasons they write: a marker `@{did}` that explainLabel renders
 * into the person's verified handle when the explanation is read. Resolving handles while labeling
 * would put network look-ups on the ingestion path; a marker costs nothing, and the explanation
 * shows the handle a person has when it is read, not the one they had when the label was signed.
 */
export function nameMarkers(): Map<string, string> {
  return new MarkerMap()
}

class MarkerMap extends Map<string, string> {
  override get(did: string): string {
    // Only a DID can be rendered: anything else (an at-uri's authority may be a handle) stays as it is.
    return DID.test(did) ? `@{${did}}` : did
  }
}

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/
const MARKER = /@\{(did:[a-z]+:[a-zA-Z0-9._:%-]+)\}/g

/** Replaces name markers in a reason with display names ("@alice.test", or the DID when it does not verify). */
export async function renderNames(reason: string, names: DisplayNames): Promise<string> {
  const dids = [...reason.matchAll(MARKER)].map((m) => m[1]!)
  if (dids.length === 0) return reason
  const resolved = await names.of(dids)
  return reason.replace(MARKER, (_, did: string) => resolved.get(did) ?? did)
}
