import { useCallback, useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { errorMessage } from '../ui/errors'
import { addPerson, type PickedPerson } from './people'

/**
 * A remix keeps the people of the video it remixes: they join the picker (not removable), each
 * checked against their grant for this creator, which may not cover them as it covered the original's.
 */
export function useRemixPeople(
  remixOf: VideoView | undefined,
  setPeople: (update: (people: PickedPerson[]) => PickedPerson[]) => void,
): { loading: boolean; error?: string; retry: () => void } {
  const appview = useAppview()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    // People picked by hand stay; those of an earlier remix go with it.
    setPeople((people) => people.filter((p) => p.source === 'picked'))
    const subjects = [...new Set(remixOf?.depicts.map((d) => d.subject.did) ?? [])]
    if (subjects.length === 0) return
    let cancelled = false
    setLoading(true)
    setError(undefined)
    appview
      .checkConsent(subjects)
      .then((checks) => {
        if (cancelled) return
        setPeople((people) => checks.reduce((list, check) => addPerson(list, check, 'remix').people, people))
      })
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [appview, remixOf, setPeople, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { loading, error, retry }
}
