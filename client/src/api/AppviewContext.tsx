import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { ClientConfig } from '../config'
import { useLabelPrefs } from '../labels/LabelPrefsContext'
import { useSession } from '../session/SessionContext'
import { AppviewClient } from './appview'

interface Clients {
  /** Calls as the logged-in viewer (service JWTs), or anonymously when nobody is. */
  viewer: AppviewClient
  /** Always anonymous: for reads whose answer does not depend on who asks. */
  anonymous: AppviewClient
}

const AppviewContext = createContext<Clients | null>(null)

/**
 * Provides appview clients for the current viewer. They are rebuilt when the viewer changes
 * labelers (and the viewer's one when they log in or out), so that whatever depends on them reloads.
 */
export function AppviewProvider({ config, children }: { config: ClientConfig; children: ReactNode }) {
  const { account } = useSession()
  const { acceptedLabelers } = useLabelPrefs()
  const anonymous = useMemo(
    () => new AppviewClient({ appviewUrl: config.appviewUrl, appviewDid: config.appviewDid, labelers: acceptedLabelers, redact: config.labelers }),
    [config.appviewUrl, config.appviewDid, config.labelers, acceptedLabelers],
  )
  const viewer = useMemo(
    () =>
      account ? new AppviewClient({ appviewUrl: config.appviewUrl, appviewDid: config.appviewDid, labelers: acceptedLabelers, redact: config.labelers, auth: account.auth }) : anonymous,
    [config.appviewUrl, config.appviewDid, config.labelers, acceptedLabelers, account, anonymous],
  )
  const clients = useMemo(() => ({ viewer, anonymous }), [viewer, anonymous])
  return <AppviewContext.Provider value={clients}>{children}</AppviewContext.Provider>
}

/** The appview as the logged-in viewer. */
export function useAppview(): AppviewClient {
  return useClients().viewer
}

/** The appview without credentials, for reads that are the same for everyone. */
export function useAnonymousAppview(): AppviewClient {
  return useClients().anonymous
}

function useClients(): Clients {
  const clients = useContext(AppviewContext)
  if (!clients) throw new Error('useAppview outside AppviewProvider')
  return clients
}
