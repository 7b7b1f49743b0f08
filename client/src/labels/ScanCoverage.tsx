import { ids, type GetScanStats } from '@framewright/lexicons'
import { useLoad } from '../api/useLoad'
import { xrpc } from '../api/xrpc'

/**
 * How much of what a labeler sees it actually scans (face match, known copies, C2PA), from its
 * public getScanStats. Labelers that do not answer it show nothing: coverage is a bonus, not a duty.
 */
export function ScanCoverage({ endpoint }: { endpoint: string }) {
  const loaded = useLoad<GetScanStats.OutputSchema | undefined>(
    () => xrpc<GetScanStats.OutputSchema>({ baseUrl: endpoint, nsid: ids.AppFramewrightLabelerGetScanStats, timeoutMs: 5_000 }),
    [endpoint],
    undefined,
  )
  const stats = loaded.data
  if (loaded.error || !stats) return null
  const coverage = stats.coverage ?? (stats.seen > 0 ? Math.floor((stats.scanned / stats.seen) * 100) : undefined)
  const n = (x: number) => x.toLocaleString()
  return (
    <p className="hint scan-stats" data-testid="scan-stats">
      {coverage === undefined ? 'No videos seen yet' : `Scans ${coverage}% of the videos it sees`} ({n(stats.scanned)} of {n(stats.seen)}
      {stats.skippedQueueFull > 0 ? `, ${n(stats.skippedQueueFull)} skipped while busy` : ''}
      {stats.failed > 0 ? `, ${n(stats.failed)} could not be read` : ''}) since {new Date(stats.since).toLocaleDateString()} · {n(stats.enrolled)}{' '}
      {stats.enrolled === 1 ? 'person protects their face' : 'people protect their face'} here.
    </p>
  )
}
