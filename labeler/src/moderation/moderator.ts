import { InvalidRequestError } from '@atproto/xrpc-server'
import type { Logger } from '@framewright/service-kit'
import type { Detector } from '../detectors'
import type { LabelingEngine } from '../labels/engine'
import { isInForce, type LabelChange, type LabelStore, type StoredLabel } from '../labels/store'
import type { KnownOriginals } from './known-originals'
import type { ReportQueue } from './reports'
import { parseSubject } from './subject'
import { labelOwner, moderatorValues } from './values'

/** The detector name moderator decisions are explained under (explainLabel's `detector`). */
export const MODERATOR_DETECTOR = 'moderator'

export interface EmitRequest {
  /** The moderator's DID (the verified issuer of the service JWT). */
  moderator: string
  subject: { uri: string; cid?: string }
  val: string
  neg: boolean
  reason: string
  resolveReports: number[]
}

/**
 * A moderator's decisions: apply or negate a moderator-owned value on a subject (a video and its
 * companion post together), explained by the moderator's own words, and resolve the reports that
 * asked for it.
 */
export class Moderation {
  constructor(
    private readonly store: LabelStore,
    private readonly engine: LabelingEngine,
    private readonly reports: ReportQueue,
    private readonly detectors: readonly Detector[],
    private readonly logger: Logger,
    /** Fingerprints what moderators label known-deepfake or !takedown, and lifts copies with the original. */
    private readonly originals?: KnownOriginals,
  ) {}

  /** The values a moderator decides (what a report's outcome can be). */
  values(): string[] {
    return moderatorValues(this.detectors)
  }

  /** Writes the labels that change the subject's state (none when it already is so) and resolves the reports. */
  async emit(req: EmitRequest): Promise<{ labels: StoredLabel[]; resolvedReports: number[] }> {
    const reason = req.reason.trim()
    if (!reason) throw new InvalidRequestError('a moderator label needs a reason people can read', 'ReasonRequired')
    const owner = labelOwner(req.val, this.detectors)
    if (!owner) throw new InvalidRequestError(`${req.val} is not a label value this labeler defines`, 'UnknownLabelValue')
    if (owner.kind === 'detector') {
      throw new InvalidRequestError(`${req.val} is decided by the ${owner.detector} detector, not by moderators`, 'NotModeratorLabel')
    }
    const subject = parseSubject(req.subject)
    const resolveReports = [...new Set(req.resolveReports)]
    const missing = await this.reports.missing(resolveReports)
    if (missing.length > 0) throw new InvalidRequestError(`no such report: ${missing.join(', ')}`, 'ReportNotFound')

    const targets = subject.type === 'account' ? [subject.uri] : await this.engine.labeledWith(subject.uri)
    const current = await this.store.latest(targets)
    const explanation = { detector: MODERATOR_DETECTOR, reason, evidence: { moderator: req.moderator, reports: resolveReports } }
    const changes: LabelChange[] = targets
      .filter((uri) => isInForce(current.get(uri)?.get(req.val)) === req.neg)
      .map((uri) => ({
        uri,
        // A cid pins the label to one version of the named record; its companion is labeled whole.
        cid: subject.type === 'record' && uri === subject.uri ? subject.cid : undefined,
        val: req.val,
        neg: req.neg,
        explanation,
      }))
    const labels = await this.store.apply(changes)
    if (subject.type === 'record') await this.originals?.decided(subject.uri, req.val, req.neg)
    await this.reports.resolve(resolveReports, req.moderator)
    this.logger.info(
      { moderator: req.moderator, labels: labels.map((l) => `${l.neg ? '-' : '+'}${l.val} ${l.uri}`), resolved: resolveReports },
      'moderator decision',
    )
    return { labels, resolvedReports: resolveReports }
  }

  /** Resolves reports without changing any label: the moderator found nothing to act on. */
  async dismiss(moderator: string, reportIds: number[]): Promise<number[]> {
    const ids = [...new Set(reportIds)]
    const missing = await this.reports.missing(ids)
    if (missing.length > 0) throw new InvalidRequestError(`no such report: ${missing.join(', ')}`, 'ReportNotFound')
    await this.reports.resolve(ids, moderator)
    this.logger.info({ moderator, resolved: ids }, 'moderator resolved reports without action')
    return ids
  }
}
