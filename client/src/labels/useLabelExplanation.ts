import { useEffect, useState } from 'react'
import { ids, type ExplainLabel } from '@framewright/lexicons'
import { xrpc } from '../api/xrpc'
import { errorMessage } from '../ui/errors'

export type ExplanationState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; explanation?: ExplainLabel.Explanation }
  | { status: 'error'; message: string }

/**
 * Asks the labeler itself why it applied a label (app.framewright.labeler.explainLabel), when the
 * labeler says where it lives. Runs only while `open`.
 */
export function useLabelExplanation(open: boolean, endpoint: string | undefined, uri: string, val: string): ExplanationState {
  const [state, setState] = useState<ExplanationState>({ status: 'idle' })
  useEffect(() => {
    if (!open || !endpoint) return
    let cancelled = false
    setState({ status: 'loading' })
    xrpc<ExplainLabel.OutputSchema>({ baseUrl: endpoint, nsid: ids.AppFramewrightLabelerExplainLabel, params: { uri, val } })
      .then((out) => !cancelled && setState({ status: 'ready', explanation: out.explanations.find((e) => e.label.val === val) }))
      .catch((err: unknown) => !cancelled && setState({ status: 'error', message: errorMessage(err) }))
    return () => {
      cancelled = true
    }
  }, [open, endpoint, uri, val])
  return state
}
