/**
 * Reading a file's C2PA manifest store and turning c2pa-rs's validation into plain facts: is there
 * a manifest, does it validate (and if not, the failure codes), is its signer on our trust list,
 * and what it says about how the media was made (digital source types, claim generator, signer).
 */
import { isAiSourceType } from './source-types'
import { c2paWasm } from './wasm'

/** What a file's C2PA manifest says, and whether it holds up. */
export type C2paFacts = C2paAbsent | C2paPresent

export interface C2paAbsent {
  present: false
}

export interface C2paPresent {
  present: true
  /**
   * `invalid`: a validation check failed (see `failures`); `valid`: every check passed but the
   * signer is not on this reader's trust list; `trusted`: valid, and the signer is on it.
   */
  state: 'invalid' | 'valid' | 'trusted'
  /** Failure codes of the active manifest (`assertion.bmffHash.mismatch`, …), untrusted signer aside. */
  failures: string[]
  /** Every digitalSourceType declared by an action in any manifest of the store (the file's history). */
  digitalSourceTypes: string[]
  /** Whether any of them declares generative AI. */
  aiSource: boolean
  /** The active manifest's claim generator (the tool that wrote it), e.g. "Framewright procedural provider 2". */
  claimGenerator?: string
  /** Who signed the active manifest, as its certificate says. */
  signer?: { issuer?: string; commonName?: string; alg?: string }
  /** The active manifest's label (urn:c2pa:…). */
  manifestLabel?: string
}

export interface ReadC2paOptions {
  /** MIME type of the bytes. */
  format?: string
  /** PEM certificates whose signers count as trusted (the operator's own CA, a C2PA trust list). */
  trustAnchorsPem?: string
}

/** The manifest store could not be read for a reason other than being absent (kept as a failure code). */
const UNTRUSTED = 'signingCredential.untrusted'

/** Reads and validates the C2PA manifest of in-memory media (a whole mp4 file by default). */
export async function readC2pa(bytes: Uint8Array, opts: ReadC2paOptions = {}): Promise<C2paFacts> {
  const { WasmReader } = c2paWasm()
  // OCSP and remote manifests would reach out to the network; trust is decided by our own anchors.
  const settings = {
    verify: { verify_trust: !!opts.trustAnchorsPem, ocsp_fetch: false, remote_manifest_fetch: false },
    ...(opts.trustAnchorsPem ? { trust: { trust_anchors: opts.trustAnchorsPem } } : {}),
  }
  let reader: Awaited<ReturnType<typeof WasmReader.fromBytes>>
  try {
    reader = await WasmReader.fromBytes(opts.format ?? 'video/mp4', bytes, JSON.stringify(settings))
  } catch (err) {
    const code = errorCode(err)
    if (code === 'JumbfNotFound') return { present: false }
    // A manifest store that is there but cannot even be parsed fails validation by definition.
    return { present: true, state: 'invalid', failures: [`c2pa.${code}`], digitalSourceTypes: [], aiSource: false }
  }
  try {
    return factsOf(JSON.parse(reader.json()) as ManifestStoreJson, !!opts.trustAnchorsPem)
  } finally {
    reader.free()
  }
}

interface ManifestJson {
  claim_generator?: string
  claim_generator_info?: { name?: string; version?: string }[]
  assertions?: { label?: string; data?: { actions?: { action?: string; digitalSourceType?: string; parameters?: { digitalSourceType?: string } }[] } }[]
  signature_info?: { issuer?: string; common_name?: string; alg?: string }
}

interface ManifestStoreJson {
  active_manifest?: string
  manifests?: Record<string, ManifestJson>
  validation_state?: string
  validation_results?: { activeManifest?: { failure?: { code: string }[] } }
  validation_status?: { code: string }[]
}

function factsOf(store: ManifestStoreJson, trustChecked: boolean): C2paPresent {
  const active = store.active_manifest ? store.manifests?.[store.active_manifest] : undefined
  const failureCodes = (store.validation_results?.activeManifest?.failure ?? store.validation_status ?? []).map((s) => s.code)
  const failures = [...new Set(failureCodes.filter((c) => c !== UNTRUSTED))]
  const untrusted = !trustChecked || failureCodes.includes(UNTRUSTED)
  const state = failures.length > 0 || store.validation_state === 'Invalid' ? 'invalid' : untrusted ? 'valid' : 'trusted'
  const digitalSourceTypes = [
    ...new Set(
      Object.values(store.manifests ?? {}).flatMap((m) =>
        (m.assertions ?? [])
          .filter((a) => a.label?.startsWith('c2pa.actions'))
          .flatMap((a) => a.data?.actions ?? [])
          .map((action) => action.digitalSourceType ?? action.parameters?.digitalSourceType)
          .filter((t): t is string => typeof t === 'string'),
      ),
    ),
  ]
  const generator = active?.claim_generator_info?.[0]
  const sig = active?.signature_info
  return {
    present: true,
    state,
    failures: state === 'invalid' && failures.length === 0 ? ['c2pa.invalid'] : failures,
    digitalSourceTypes,
    aiSource: digitalSourceTypes.some(isAiSourceType),
    ...(generator?.name ? { claimGenerator: [generator.name, generator.version].filter(Boolean).join(' ') } : active?.claim_generator ? { claimGenerator: active.claim_generator } : {}),
    ...(sig ? { signer: { issuer: sig.issuer, commonName: sig.common_name, alg: sig.alg } } : {}),
    ...(store.active_manifest ? { manifestLabel: store.active_manifest } : {}),
  }
}

/** c2pa-rs errors arrive as strings like `C2pa(JumbfNotFound)` or `C2pa(BadParam("…"))`. */
function errorCode(err: unknown): string {
  const text = typeof err === 'string' ? err : err instanceof Error ? err.message : String(err)
  return /^C2pa\((\w+)/.exec(text)?.[1] ?? 'unreadable'
}
