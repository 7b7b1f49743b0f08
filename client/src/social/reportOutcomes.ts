import { ids, type ListMyReports } from '@framewright/lexicons'
import { callWithServiceAuth, type ServiceAuthCache } from '../api/serviceAuth'

export type MyReport = ListMyReports.MyReport & { labeler: string }

/**
 * The viewer's reports to the labelers they accept, and what became of them. Only the reporter's
 * own token can read them, so the client asks each labeler itself (the appview never learns who
 * reported what). A labeler that does not offer the method is skipped.
 */
export async function fetchMyReports(auth: ServiceAuthCache, labelers: { did: string; endpoint: string }[]): Promise<MyReport[]> {
  const lists = await Promise.all(
    labelers.map(async (l) => {
      try {
        const out = await callWithServiceAuth<ListMyReports.OutputSchema>(auth, l, ids.AppFramewrightLabelerListMyReports, { params: { limit: 50 } })
        return out.reports.map((r) => ({ ...r, labeler: l.did }))
      } catch {
        return []
      }
    }),
  )
  return lists.flat().sort((a, b) => (b.resolvedAt ?? b.createdAt).localeCompare(a.resolvedAt ?? a.createdAt))
}

const OUTCOMES: Record<string, string> = {
  '!takedown': 'it was taken down',
  '!hide': 'it was hidden',
  'known-deepfake': 'it was labelled a known deepfake',
}

/** What a decided report led to, in words. */
export function describeOutcome(report: Pick<MyReport, 'status' | 'decision'>): string {
  if (report.status !== 'resolved') return 'still being reviewed'
  if (report.decision.length === 0) return 'decided with no action'
  return `decided: ${report.decision.map((v) => OUTCOMES[v] ?? `labelled ${v}`).join(', ')}`
}

/** How many of these reports were decided after `seenAt` (the viewer's notifications mark): news for the badge. */
export function decidedSince(reports: Pick<MyReport, 'status' | 'resolvedAt'>[], seenAt: string | undefined): number {
  if (!seenAt) return 0
  return reports.filter((r) => r.status === 'resolved' && r.resolvedAt !== undefined && r.resolvedAt > seenAt).length
}
