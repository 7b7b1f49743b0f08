import { useCallback, useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { JobView } from '../api/types'
import { errorMessage } from '../ui/errors'

/** How often a running job is asked for its progress. */
export const POLL_INTERVAL_MS = 500

/** A job is finished when it succeeded or failed; anything else is still worth polling. */
export function isFinished(job: Pick<JobView, 'status'>): boolean {
  return job.status === 'succeeded' || job.status === 'failed'
}

/**
 * Follows a generation job from the view createJob returned until it finishes. A failed poll
 * stops polling and is reported; `resume` starts again.
 */
export function useJob(created: JobView | undefined): { job?: JobView; error?: string; resume: () => void } {
  const appview = useAppview()
  const [job, setJob] = useState(created)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    setJob(created)
    setError(undefined)
  }, [created])

  const id = job?.id
  const finished = job ? isFinished(job) : true
  useEffect(() => {
    if (!id || finished || error) return
    let cancelled = false
    const timer = setTimeout(() => {
      appview.getJob(id).then(
        (next) => !cancelled && setJob(next),
        (err: unknown) => !cancelled && setError(`Lost track of the job: ${errorMessage(err)}`),
      )
    }, POLL_INTERVAL_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
    // `job` itself is a dependency so that every answer schedules the next poll.
  }, [appview, id, finished, error, job, attempt])

  const resume = useCallback(() => {
    setError(undefined)
    setAttempt((n) => n + 1)
  }, [])

  return { job, error, resume }
}
