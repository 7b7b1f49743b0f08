import { useCallback, useEffect, useState } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { ProviderView } from '../api/types'
import { errorMessage } from '../ui/errors'

/** The generation providers the appview offers. */
export function useProviders(): { providers: ProviderView[]; loading: boolean; error?: string; retry: () => void } {
  const appview = useAnonymousAppview()
  const [providers, setProviders] = useState<ProviderView[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setError(undefined)
    appview
      .listProviders()
      .then((list) => !cancelled && setProviders(list))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [appview, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { providers, loading, error, retry }
}
