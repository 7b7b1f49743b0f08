import { useCallback, useState } from 'react'
import { useLoad } from '../api/useLoad'
import type { LabelerModerationClient, ReportView } from './labelerModeration'

const PAGE_SIZE = 20

export interface ReportQueue {
  reports: ReportView[]
  loading: boolean
  error?: string
  /** Reloads every page shown so far (after a decision, resolved reports leave the queue). */
  refresh(): void
  hasMore: boolean
  loadMore(): void
}

/** The labeler's open reports, newest first, page by page. */
export function useReportQueue(client: LabelerModerationClient): ReportQueue {
  const [pages, setPages] = useState(1)
  const loaded = useLoad(
    async () => {
      // Every page shown is fetched again: resolving reports shifts what each cursor points past.
      const reports: ReportView[] = []
      let cursor: string | undefined
      for (let i = 0; i < pages; i++) {
        const page = await client.listReports({ limit: PAGE_SIZE, cursor })
        reports.push(...page.reports)
        cursor = page.cursor
        if (!cursor) break
      }
      return { reports, cursor }
    },
    [client, pages],
    { reports: [] as ReportView[], cursor: undefined as string | undefined },
  )
  const loadMore = useCallback(() => setPages((n) => n + 1), [])
  return {
    reports: loaded.data.reports,
    loading: loaded.loading,
    error: loaded.error,
    refresh: loaded.retry,
    hasMore: loaded.data.cursor !== undefined,
    loadMore,
  }
}
