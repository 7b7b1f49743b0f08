import { useMemo } from 'react'
import { useLabelPrefs } from '../labels/LabelPrefsContext'
import { useModeration } from '../labels/ModerationContext'

/** The labelers the viewer accepts whose endpoints we know: where to ask about the viewer's reports. Stable while they stay the same. */
export function useReportLabelers(): { did: string; endpoint: string }[] {
  const { acceptedLabelers } = useLabelPrefs()
  const moderation = useModeration()
  const labelers = acceptedLabelers.flatMap((did) => {
    const endpoint = moderation.labelerEndpoint(did)
    return endpoint ? [{ did, endpoint }] : []
  })
  const key = labelers.map((l) => `${l.did}@${l.endpoint}`).join(' ')
  // The list is rebuilt every render; callers depend on it only changing when a labeler does.
  return useMemo(() => labelers, [key])
}
