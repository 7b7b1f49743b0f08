import { consentForVideos, type Database, type IdResolver, type Logger, type VideoGraphSchema } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import type { Detector, VideoSubject } from '../detectors'
import { isInForce, type LabelChange, type LabelStore } from './store'

/**
 * Turns detector findings into label changes: for each video and each detector, the labels it
 * wants now are compared with the labels in force on the video and its companion post; missing
 * ones are applied and ones no longer wanted are negated. Re-running it changes nothing, so it is
 * safe on replayed events and on every graph change (revocation is retroactive).
 *
 * It only ever negates values a detector owns: labels a moderator applied (known-deepfake,
 * !takedown, …) are a human decision that no re-evaluation may undo.
 */
export class LabelingEngine {
  constructor(
    private readonly db: Database<LabelerSchema>,
    private readonly store: LabelStore,
    private readonly detectors: Detector[],
    private readonly idResolver: IdResolver,
    private readonly logger: Logger,
  ) {}

  /** Re-evaluates the given videos and commits whatever label changes follow. */
  async evaluate(videoUris: string[]): Promise<LabelChange[]> {
    const uris = [...new Set(videoUris)]
    if (uris.length === 0) return []
    const rows = await this.db.db
      .selectFrom('video')
      .select(['uri', 'cid', 'creator', 'crosspostUri', 'record'])
      .where('uri', 'in', uris)
      .execute()
    const consent = await consentForVideos(this.db.tables<VideoGraphSchema>(), rows.map((r) => r.uri))
    const labeledUris = (row: { uri: string; crosspostUri: string | null }) => [row.uri, ...(row.crosspostUri ? [row.crosspostUri] : [])]
    // Deleted videos: every label we hold on them is withdrawn.
    const latest = await this.store.latest([...rows.flatMap(labeledUris), ...uris.filter((u) => !rows.some((r) => r.uri === u))])
    const subjects = new Map<string, string[]>() // video uri → labeled uris
    const wanted = new Map<string, LabelChange[]>() // labeled uri → desired labels
    for (const row of rows) {
      const video: VideoSubject = {
        ...row,
        record: JSON.parse(row.record),
        consent: consent.get(row.uri) ?? [],
        names: new Map(),
        labelsInForce: new Set([...(latest.get(row.uri) ?? new Map()).values()].filter(isInForce).map((l) => l.val)),
      }
      video.names = await this.names([video.creator, ...video.consent.map((d) => d.subject)])
      const labeled = labeledUris(row)
      subjects.set(row.uri, labeled)
      for (const detector of this.detectors) {
        const findings = await detector.evaluate(video)
        for (const uri of labeled) {
          const list = wanted.get(uri) ?? []
          for (const f of findings) {
            list.push({ uri, val: f.val, neg: false, explanation: { detector: detector.name, reason: f.reason, evidence: f.evidence } })
          }
          wanted.set(uri, list)
        }
      }
    }
    const deleted = new Set(uris.filter((uri) => !subjects.has(uri)))
    for (const uri of deleted) subjects.set(uri, [uri])

    const changes: LabelChange[] = []
    for (const [videoUri, labeled] of subjects) {
      for (const uri of labeled) {
        const desired = new Map((wanted.get(uri) ?? []).map((c) => [c.val, c]))
        const current = latest.get(uri) ?? new Map()
        for (const [val, change] of desired) {
          if (!isInForce(current.get(val))) changes.push(change)
        }
        for (const [val, label] of current) {
          if (!isInForce(label) || desired.has(val)) continue
          const owner = this.detectors.find((d) => d.values.includes(val))
          if (!owner) continue // a moderator's label: not ours to withdraw
          changes.push({
            uri,
            val,
            neg: true,
            explanation: {
              detector: owner.name,
              reason: deleted.has(videoUri) ? 'The video was deleted.' : `${owner.name} no longer finds this: the video or the consent graph changed.`,
              evidence: null,
            },
          })
        }
      }
    }
    const applied = await this.store.apply(changes)
    if (applied.length > 0) {
      this.logger.info({ labels: applied.map((l) => `${l.neg ? '-' : '+'}${l.val} ${l.uri}`) }, 'labels changed')
    }
    return changes
  }

  /**
   * The URIs a label on this subject lands on: a video and its companion Bluesky post go together
   * (whichever of the two is named), anything else stands alone.
   */
  async labeledWith(uri: string): Promise<string[]> {
    const row = await this.db.db
      .selectFrom('video')
      .select(['uri', 'crosspostUri'])
      .where((eb) => eb.or([eb('uri', '=', uri), eb('crosspostUri', '=', uri)]))
      .executeTakeFirst()
    if (!row) return [uri]
    return [row.uri, ...(row.crosspostUri ? [row.crosspostUri] : [])]
  }

  private async names(dids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>()
    for (const did of new Set(dids)) {
      const doc = await this.idResolver.did.resolve(did).catch(() => null)
      const handle = doc?.alsoKnownAs?.find((a) => a.startsWith('at://'))?.slice(5)
      names.set(did, handle ? `@${handle}` : did)
    }
    return names
  }
}
