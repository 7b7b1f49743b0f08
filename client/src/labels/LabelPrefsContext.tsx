import { Agent } from '@atproto/api'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { FeedLinkError, parseLabelerInput } from '../prefs/feedLinks'
import { resolveHandle, type IdentityServices } from '../prefs/resolve'
import { useSession } from '../session/SessionContext'
import type { KeyValueStore } from '../storage'
import { errorMessage } from '../ui/errors'
import { accountLabelSettings } from './accountLabelSettings'
import * as prefs from './labelPrefs'
import type { LabelSetting } from './moderation'

/**
 * The viewer's labelers and their per-label choices. Logged out, both are kept in local storage;
 * signed in, the labelers are the app's own plus those in the account's Bluesky preferences
 * (labelersPref) and the choices are its contentLabelPrefs, so what is chosen here is chosen in the
 * Bluesky app too, and back.
 */
export interface LabelPrefs {
  acceptedLabelers: string[]
  settings: prefs.LabelSettings
  /** Labelers that cannot be removed here (the app's own, while signed in). */
  fixedLabelers: readonly string[]
  /** Adds a labeler by handle or DID; resolves with an error message when it cannot be added. */
  addLabeler(handleOrDid: string): Promise<string | undefined>
  /** Stops accepting a labeler; a sentence when the account could not be changed (the labeler is then shown again). */
  removeLabeler(did: string): Promise<string | undefined>
  setLabelSetting(labeler: string, val: string, setting: LabelSetting | undefined): void
}

const LabelPrefsContext = createContext<LabelPrefs | null>(null)
const NONE: readonly string[] = []
const NO_SETTINGS: prefs.LabelSettings = {}

export function LabelPrefsProvider({ store, defaults, identity, children }: { store: KeyValueStore; defaults: readonly string[]; identity: IdentityServices; children: ReactNode }) {
  const { account } = useSession()
  const [localLabelers, setLocal] = useState(() => prefs.loadAcceptedLabelers(store, defaults))
  const [accountLabelers, setAccountLabelers] = useState<string[]>()
  const [localSettings, setLocalSettings] = useState(() => prefs.loadLabelSettings(store))
  const [accountSettings, setAccountSettings] = useState<prefs.LabelSettings>()
  const latestWrite = useRef(0)
  const accountStore = useMemo(() => account && accountLabelSettings(account.agent), [account])

  useEffect(() => {
    setAccountLabelers(undefined)
    if (!account) return
    let cancelled = false
    account.agent
      .getPreferences()
      .then((p) => {
        // Bluesky's own labeler is always on in Bluesky's apps and not stored: leave it out here.
        if (!cancelled) setAccountLabelers(p.moderationPrefs.labelers.map((l) => l.did).filter((d) => !Agent.appLabelers.includes(d)))
      })
      .catch(() => {
        if (!cancelled) setAccountLabelers([])
      })
    return () => {
      cancelled = true
    }
  }, [account])

  useEffect(() => {
    setAccountSettings(undefined)
    if (!accountStore) return
    let cancelled = false
    accountStore
      .load()
      .then((s) => !cancelled && setAccountSettings(s))
      // Unreadable preferences: the labelers' defaults apply, as for an account that chose nothing.
      .catch(() => !cancelled && setAccountSettings({}))
    return () => {
      cancelled = true
    }
  }, [accountStore])

  const acceptedKey = account ? [...new Set([...defaults, ...(accountLabelers ?? [])])].join(' ') : localLabelers.join(' ')
  const acceptedLabelers = useMemo(() => (acceptedKey ? acceptedKey.split(' ') : []), [acceptedKey])

  const addLabeler = useCallback(
    async (input: string) => {
      let did: string
      try {
        const parsed = parseLabelerInput(input)
        did = 'did' in parsed ? parsed.did : await resolveHandle(identity, parsed.handle)
      } catch (err) {
        return err instanceof FeedLinkError ? err.message : errorMessage(err)
      }
      const out = prefs.addLabeler(acceptedLabelers, did)
      if ('error' in out) return out.error
      if (account) {
        try {
          await account.agent.addLabeler(did)
        } catch (err) {
          return `Could not save it to your account: ${errorMessage(err)}`
        }
        setAccountLabelers((current) => [...(current ?? []), did])
      } else {
        prefs.saveAcceptedLabelers(store, out.dids)
        setLocal(out.dids)
      }
      return undefined
    },
    [acceptedLabelers, account, identity, store],
  )

  const removeLabeler = useCallback(
    async (did: string) => {
      if (account) {
        setAccountLabelers((current) => current?.filter((d) => d !== did))
        try {
          await account.agent.removeLabeler(did)
        } catch (err) {
          // The account still accepts it: show it again rather than pretend it is gone.
          setAccountLabelers((current) => (current && !current.includes(did) ? [...current, did] : current))
          return `Could not remove it from your account: ${errorMessage(err)}`
        }
        return undefined
      }
      const next = localLabelers.filter((d) => d !== did)
      prefs.saveAcceptedLabelers(store, next)
      setLocal(next)
      return undefined
    },
    [account, localLabelers, store],
  )

  const setLabelSetting = useCallback(
    (labeler: string, val: string, setting: LabelSetting | undefined) => {
      if (accountStore) {
        // Shown at once; then, after the last of quick clicks, what the account holds (if a write
        // failed, what it still holds).
        setAccountSettings((current) => prefs.withLabelSetting(current ?? {}, labeler, val, setting))
        const write = ++latestWrite.current
        accountStore
          .set(labeler, val, setting)
          .catch(() => accountStore.load())
          .then((saved) => write === latestWrite.current && setAccountSettings(saved), () => undefined)
        return
      }
      setLocalSettings((current) => {
        const next = prefs.withLabelSetting(current, labeler, val, setting)
        prefs.saveLabelSettings(store, next)
        return next
      })
    },
    [accountStore, store],
  )

  const settings = account ? (accountSettings ?? NO_SETTINGS) : localSettings

  const fixedLabelers = account ? defaults : NONE
  const value = useMemo(
    () => ({ acceptedLabelers, settings, fixedLabelers, addLabeler, removeLabeler, setLabelSetting }),
    [acceptedLabelers, settings, fixedLabelers, addLabeler, removeLabeler, setLabelSetting],
  )
  return <LabelPrefsContext.Provider value={value}>{children}</LabelPrefsContext.Provider>
}

export function useLabelPrefs(): LabelPrefs {
  const value = useContext(LabelPrefsContext)
  if (!value) throw new Error('useLabelPrefs outside LabelPrefsProvider')
  return value
}
