import { useMemo, useRef, useState } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { ServiceAuthCache } from '../api/serviceAuth'
import { useLoad } from '../api/useLoad'
import { useLabelPrefs } from '../labels/LabelPrefsContext'
import { FaceLabelerClient } from './faceLabeler'

/** A labeler the person accepts and could enrol with (it publishes an endpoint). */
export interface FaceLabelerChoice {
  did: string
  endpoint: string
  /** Its handle when the appview knows it, else its DID. */
  name: string
}

export interface FaceLabeler {
  choices: FaceLabelerChoice[]
  /** The labeler chosen for face protection, with the person's credentials; undefined until known. */
  client?: FaceLabelerClient
  chosen?: FaceLabelerChoice
  choose(did: string): void
  loading: boolean
  error?: string
}

/**
 * The labelers the person accepts that publish an endpoint, and the one they chose to protect their
 * face with (the first, unless they pick another). Enrolment goes to that labeler only.
 */
export function useFaceLabeler(auth: ServiceAuthCache): FaceLabeler {
  const { acceptedLabelers } = useLabelPrefs()
  const appview = useAnonymousAppview()
  // The appview client is rebuilt when label prefs change; acceptedLabelers already says so.
  const appviewRef = useRef(appview)
  appviewRef.current = appview
  const loaded = useLoad<FaceLabelerChoice[]>(
    async () => {
      const views = await appviewRef.current.getLabelerServices(acceptedLabelers)
      return views.flatMap((v) => {
        if (!v.endpoint) return []
        const handle = v.creator.handle
        return [{ did: v.did, endpoint: v.endpoint, name: handle && handle !== 'handle.invalid' ? `@${handle}` : v.did }]
      })
    },
    [acceptedLabelers.join(',')],
    [],
  )
  const [picked, setPicked] = useState<string>()
  const chosen = loaded.data.find((c) => c.did === picked) ?? loaded.data[0]
  const client = useMemo(() => (chosen ? new FaceLabelerClient(chosen.did, chosen.endpoint, auth) : undefined), [chosen?.did, chosen?.endpoint, auth])
  return { choices: loaded.data, client, chosen, choose: setPicked, loading: loaded.loading, error: loaded.error }
}
