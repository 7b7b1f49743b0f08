import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import type { KeyValueStore } from '../storage'
import * as prefs from './labelPrefs'
import type { LabelSetting } from './moderation'

/** The viewer's labelers and their per-label choices, kept in local storage. */
export interface LabelPrefs {
  acceptedLabelers: string[]
  settings: prefs.LabelSettings
  /** Adds a labeler; returns an error message when the DID cannot be added. */
  addLabeler(did: string): string | undefined
  removeLabeler(did: string): void
  setLabelSetting(labeler: string, val: string, setting: LabelSetting | undefined): void
}

const LabelPrefsContext = createContext<LabelPrefs | null>(null)

export function LabelPrefsProvider({ store, defaults, children }: { store: KeyValueStore; defaults: readonly string[]; children: ReactNode }) {
  const [acceptedLabelers, setAccepted] = useState(() => prefs.loadAcceptedLabelers(store, defaults))
  const [settings, setSettings] = useState(() => prefs.loadLabelSettings(store))

  const addLabeler = useCallback(
    (did: string) => {
      const out = prefs.addLabeler(acceptedLabelers, did)
      if ('error' in out) return out.error
      prefs.saveAcceptedLabelers(store, out.dids)
      setAccepted(out.dids)
      return undefined
    },
    [acceptedLabelers, store],
  )

  const removeLabeler = useCallback(
    (did: string) => {
      const next = acceptedLabelers.filter((d) => d !== did)
      prefs.saveAcceptedLabelers(store, next)
      setAccepted(next)
    },
    [acceptedLabelers, store],
  )

  const setLabelSetting = useCallback(
    (labeler: string, val: string, setting: LabelSetting | undefined) => {
      setSettings((current) => {
        const next = prefs.withLabelSetting(current, labeler, val, setting)
        prefs.saveLabelSettings(store, next)
        return next
      })
    },
    [store],
  )

  const value = useMemo(
    () => ({ acceptedLabelers, settings, addLabeler, removeLabeler, setLabelSetting }),
    [acceptedLabelers, settings, addLabeler, removeLabeler, setLabelSetting],
  )
  return <LabelPrefsContext.Provider value={value}>{children}</LabelPrefsContext.Provider>
}

export function useLabelPrefs(): LabelPrefs {
  const value = useContext(LabelPrefsContext)
  if (!value) throw new Error('useLabelPrefs outside LabelPrefsProvider')
  return value
}
