import { enrollErrorSentence, ids, type GetScanStats, type LikenessDefs, type ListFound } from '@framewright/lexicons'
import { callWithServiceAuth, type ServiceAuthCache } from '../api/serviceAuth'
import { xrpc, XrpcError, type QueryParams } from '../api/xrpc'

export type Enrollment = LikenessDefs.Enrollment
export type FoundDepiction = LikenessDefs.FoundDepiction
export type ScanStats = GetScanStats.OutputSchema

/** Enrolment can take a while: the labeler runs face detection on the photo or every sampled frame. */
const ENROLL_TIMEOUT_MS = 60_000

/**
 * A labeler's face-protection methods, called directly at its endpoint with a service JWT that the
 * person's PDS mints for exactly that labeler and method: enrolment is between the person and the
 * labeler, so neither the appview nor anyone else sees the photo.
 */
export class FaceLabelerClient {
  constructor(
    readonly did: string,
    readonly endpoint: string,
    private readonly auth: ServiceAuthCache,
  ) {}

  /** The caller's own enrolment. Throws an XrpcError for which offersNoFaceProtection() holds on labelers without it. */
  getEnrollment(): Promise<Enrollment> {
    return this.call<Enrollment>(ids.AppFramewrightLikenessGetEnrollment, {})
  }

  /** Sends a photo (JPEG/PNG) or a short MP4 of the caller; the labeler keeps only face templates. */
  enroll(media: Blob): Promise<Enrollment> {
    return this.call<Enrollment>(ids.AppFramewrightLikenessEnroll, { input: { data: media, encoding: media.type || 'application/octet-stream' }, timeoutMs: ENROLL_TIMEOUT_MS })
  }

  /** Deletes every face template of the caller. */
  unenroll(): Promise<{ removed: number }> {
    return this.call<{ removed: number }>(ids.AppFramewrightLikenessUnenroll, { procedure: true })
  }

  /** One page of the videos in which the labeler found the caller's face. */
  listFound(page: { cursor?: string; limit?: number } = {}): Promise<ListFound.OutputSchema> {
    return this.call<ListFound.OutputSchema>(ids.AppFramewrightLikenessListFound, { params: { limit: page.limit, cursor: page.cursor } })
  }

  /** How much of what it sees the labeler scans (public, no token). */
  getScanStats(): Promise<ScanStats> {
    return xrpc<ScanStats>({ baseUrl: this.endpoint, nsid: ids.AppFramewrightLabelerGetScanStats })
  }

  private call<T>(nsid: string, req: { params?: QueryParams; body?: unknown; input?: { data: Blob; encoding: string }; procedure?: boolean; timeoutMs?: number }): Promise<T> {
    return callWithServiceAuth<T>(this.auth, this, nsid, req)
  }

}

/**
 * Whether an error means the labeler does not have the method at all (an older labeler, or one that
 * chose not to offer face protection), as opposed to it failing: then the page says so calmly.
 */
export function offersNoFaceProtection(err: unknown): boolean {
  if (!(err instanceof XrpcError)) return false
  return err.error === 'MethodNotImplemented' || err.status === 501 || (err.status === 404 && err.error === 'HttpError')
}

/** An enrolment failure as a sentence: the shared sentence for its lexicon error name, else the labeler's words. */
export function enrollFailure(err: unknown): string {
  if (err instanceof XrpcError) return enrollErrorSentence(err.error) ?? `The labeler could not take it: ${err.message}`
  return `The labeler could not take it: ${err instanceof Error ? err.message : String(err)}`
}
