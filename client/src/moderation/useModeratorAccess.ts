import { useRef } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { LabelValueDefinition } from '../api/types'
import { useLoad } from '../api/useLoad'
import { XrpcError } from '../api/xrpc'
import { useSession } from '../session/SessionContext'
import { LabelerModerationClient } from './labelerModeration'

/** A labeler the logged-in account moderates. */
export interface ModeratedLabeler {
  client: LabelerModerationClient
  /** Its label definitions by value, from its published policies. */
  definitions: ReadonlyMap<string, LabelValueDefinition>
  /** Its handle when the appview knows it, else its DID. */
  name: string
}

export interface ModeratorAccess {
  /** Set once the labeler has answered a moderator-only call for this account. */
  labeler?: ModeratedLabeler
  checking: boolean
}

/**
 * Whether the logged-in account moderates one of these labelers. Only the labeler knows its
 * moderators, so we ask it: a one-report listReports with the account's service JWT either
 * answers (a moderator) or is refused (NotModerator). Asked once per login, not per visit.
 */
export function useModeratorAccess(labelers: readonly string[]): ModeratorAccess {
  const { account } = useSession()
  const appview = useAnonymousAppview()
  // The appview client is rebuilt when label prefs change; that is no reason to ask again.
  const appviewRef = useRef(appview)
  appviewRef.current = appview
  const loaded = useLoad<ModeratedLabeler | undefined>(
    async () => {
      if (!account) return undefined
      const views = await appviewRef.current.getLabelerServices([...labelers])
      for (const view of views) {
        if (!view.endpoint) continue
        const client = new LabelerModerationClient(view.did, view.endpoint, account.auth)
        try {
          await client.listReports({ limit: 1 })
        } catch (err) {
          if (err instanceof XrpcError && (err.status === 401 || err.status === 403)) continue
          throw err
        }
        const definitions = new Map((view.policies.labelValueDefinitions ?? []).map((d) => [d.identifier, d]))
        const handle = view.creator.handle
        return { client, definitions, name: handle && handle !== 'handle.invalid' ? `@${handle}` : view.did }
      }
      return undefined
    },
    [account, labelers.join(',')],
    undefined,
  )
  // An unreachable labeler is not one you can moderate right now: no tab, rather than an error in the bar.
  return { labeler: account ? loaded.data : undefined, checking: loaded.loading }
}
