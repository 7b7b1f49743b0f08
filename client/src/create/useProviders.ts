import { useAnonymousAppview } from '../api/AppviewContext'
import type { ProviderView } from '../api/types'
import { useLoad } from '../api/useLoad'

const NONE: ProviderView[] = []

/** The generation providers the appview offers. */
export function useProviders(): { providers: ProviderView[]; loading: boolean; error?: string; retry: () => void } {
  const appview = useAnonymousAppview()
  const { data: providers, loading, error, retry } = useLoad(() => appview.listProviders(), [appview], NONE)
  return { providers, loading, error, retry }
}
