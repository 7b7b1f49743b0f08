import { describeConsent } from '@framewright/service-kit'
import type { Finding, VideoDetector } from './types'

/**
 * Applies the consent rule to every person a video depicts: `likeness-unconsented` when anyone's
 * grant does not cover the creator, `likeness-consented` when everyone depicted consented, and
 * `likeness-disputed` when a depicted person rejected the video (covered by their grant or not).
 * `likeness-revoked` marks a video that was consented and no longer is because a grant was
 * deleted, narrowed or expired; it stays until consent returns. A consent that rests on grants
 * with an expiry carries `exp`: the earliest of them, when it stops being true by itself.
 */
export const consentGraphDetector: VideoDetector = {
  name: 'consent-graph',
  values: ['likeness-unconsented', 'likeness-consented', 'likeness-disputed', 'likeness-revoked'],
  evaluate(video) {
    const others = video.consent.filter((d) => d.subject !== video.creator)
    if (others.length === 0) return []
    const name = (did: string) => video.names.get(did) ?? did
    const sentences = others.map((d) => describeConsent(d.decision, { creator: name(d.creator), subject: name(d.subject) }))
    const evidence = {
      creator: video.creator,
      depictions: others.map((d) => ({
        subject: d.subject,
        consented: d.decision.consented,
        reason: d.decision.reason,
        grant: d.grant ? { uri: d.grant.uri, cid: d.grant.cid, audience: d.grant.audience, expiresAt: d.grant.expiresAt ?? null } : null,
        ...(d.decision.rejected ? { rejected: true } : {}),
        ...(video.found?.some((p) => p.did === d.subject && !p.declared) ? { foundBy: 'face match' } : {}),
      })),
    }
    const findings: Finding[] = []
    const refused = others.filter((d) => !d.decision.consented)
    if (refused.length > 0) {
      findings.push({
        val: 'likeness-unconsented',
        reason: refused.map((d) => describeConsent(d.decision, { creator: name(d.creator), subject: name(d.subject) })).join(' '),
        evidence,
      })
    } else {
      const expiries = others.flatMap((d) => (d.decision.expiresAt ? [d.decision.expiresAt] : [])).sort()
      findings.push({ val: 'likeness-consented', reason: sentences.join(' '), evidence, ...(expiries[0] ? { exp: expiries[0] } : {}) })
    }
    // A consented label that ran out at its exp was consent too: its grant expired.
    const wasConsented =
      video.labelsInForce.has('likeness-consented') || video.labelsInForce.has('likeness-revoked') || !!video.labelsLapsed?.has('likeness-consented')
    const withdrawn = refused.filter((d) => d.decision.reason !== 'rejected-by-subject')
    if (wasConsented && withdrawn.length > 0) {
      findings.push({
        val: 'likeness-revoked',
        reason: withdrawn
          .map((d) => {
            const why = describeConsent(d.decision, { creator: name(d.creator), subject: name(d.subject) })
            return d.decision.reason === 'grant-expired'
              ? `${name(d.subject)} had consented to this video until their grant expired: ${why}`
              : `${name(d.subject)} had consented to this video and has since withdrawn it: ${why}`
          })
          .join(' '),
        evidence,
      })
    }
    const rejected = others.filter((d) => d.decision.rejected)
    if (rejected.length > 0) {
      findings.push({ val: 'likeness-disputed', reason: rejected.map((d) => `${name(d.subject)} rejected this video.`).join(' '), evidence })
    }
    return findings
  },
}
