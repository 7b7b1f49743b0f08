import { useCallback, useEffect, useState } from 'react'
import type { FeedPrefs } from '@framewright/lexicons'
import { useSession } from '../../session/SessionContext'
import { errorMessage } from '../../ui/errors'
import { loadPrefs, savePrefs } from './prefsRecord'

export interface FeedPrefsState {
  /** The logged-in viewer's prefs; undefined when logged out, still loading, or none saved yet. */
  prefs?: FeedPrefs.Record
  loading: boolean
  error?: string
  /** Saves to the viewer's PDS and resolves with the new record's CID; rejects with what went wrong. */
  save(prefs: FeedPrefs.Record): Promise<string>
  reload(): void
}

/** The logged-in viewer's feed prefs, read from their PDS whenever who is logged in changes. */
export function useFeedPrefs(): FeedPrefsState {
  const { account } = useSession()
  const agent = account?.agent
  const [prefs, setPrefs] = useState<FeedPrefs.Record>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    setPrefs(undefined)
    setError(undefined)
    if (!agent) return
    let cancelled = false
    setLoading(true)
    loadPrefs(agent)
      .then((p) => !cancelled && setPrefs(p))
      .catch((err: unknown) => !cancelled && setError(`Could not read your feed settings: ${errorMessage(err)}`))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [agent, attempt])

  const save = useCallback(
    async (next: FeedPrefs.Record) => {
      if (!agent) throw new Error('log in to save feed settings')
      const cid = await savePrefs(agent, next)
      setPrefs(next)
      return cid
    },
    [agent],
  )
  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { prefs, loading, error, save, reload }
}
