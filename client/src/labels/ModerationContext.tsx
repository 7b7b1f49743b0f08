import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { LabelerView, LabelValueDefinition } from '../api/types'
import { useSession } from '../session/SessionContext'
import { useLoad } from '../api/useLoad'
import { useLabelPrefs } from './LabelPrefsContext'
import type { ModerationContext } from './moderation'

export interface Moderation {
  /** The accepted labelers' published services, as far as the appview knows them. */
  labelers: LabelerView[]
  loading: boolean
  error?: string
  reload(): void
  /** Builds the context for one moderation pass (it reads the clock). */
  context(): ModerationContext
  /** A labeler's handle when the appview knows it, else its DID. */
  labelerName(did: string): string
  /** Where a labeler serves XRPC (for explanations), when known. */
  labelerEndpoint(did: string): string | undefined
}

const ModerationCtx = createContext<Moderation | null>(null)
const NO_LABELERS: LabelerView[] = []

/** Loads the accepted labelers' label definitions and turns them into moderation decisions' inputs. */
export function ModerationProvider({ children }: { children: ReactNode }) {
  const appview = useAnonymousAppview()
  const { account } = useSession()
  const { acceptedLabelers, settings } = useLabelPrefs()
  const loaded = useLoad(() => appview.getLabelerServices(acceptedLabelers), [appview, acceptedLabelers], NO_LABELERS)
  const { data: labelers, loading, retry: reload } = loaded
  const error = loaded.error && `Could not load label definitions: ${loaded.error}`

  const definitions = useMemo(() => {
    const byLabeler = new Map<string, Map<string, LabelValueDefinition>>()
    for (const view of labelers) {
      byLabeler.set(view.did, new Map((view.policies.labelValueDefinitions ?? []).map((d) => [d.identifier, d])))
    }
    return byLabeler
  }, [labelers])

  const context = useCallback(
    (): ModerationContext => ({
      acceptedLabelers,
      definitions,
      settingFor: (labeler, val) => settings[labeler]?.[val],
      loggedIn: account !== undefined,
      now: Date.now(),
      langs: navigator.languages?.length ? navigator.languages : [navigator.language || 'en'],
    }),
    [acceptedLabelers, definitions, settings, account],
  )

  const labelerName = useCallback(
    (did: string) => {
      const handle = labelers.find((l) => l.did === did)?.creator.handle
      return handle && handle !== 'handle.invalid' ? `@${handle}` : did
    },
    [labelers],
  )

  const labelerEndpoint = useCallback((did: string) => labelers.find((l) => l.did === did)?.endpoint, [labelers])

  const value = useMemo(
    () => ({ labelers, loading, error, reload, context, labelerName, labelerEndpoint }),
    [labelers, loading, error, reload, context, labelerName, labelerEndpoint],
  )
  return <ModerationCtx.Provider value={value}>{children}</ModerationCtx.Provider>
}

export function useModeration(): Moderation {
  const value = useContext(ModerationCtx)
  if (!value) throw new Error('useModeration outside ModerationProvider')
  return value
}
