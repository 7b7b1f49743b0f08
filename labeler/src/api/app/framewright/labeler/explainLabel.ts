import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { renderNames } from '../../../../labels/names'
import { toWireLabel } from '../../../../labels/wire'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.explainLabel(async ({ params }) => {
    const found = await ctx.labels.explain(params.uri, params.val)
    return {
      encoding: 'application/json',
      body: {
        explanations: await Promise.all(
          found.map(async ({ label, explanation }) => ({
            label: toWireLabel(label),
            detector: explanation.detector,
            reason: await renderNames(explanation.reason, ctx.names),
            evidence: asObject(explanation.evidence),
          })),
        ),
      },
    }
  })
}

/** Lexicon `unknown` values must be objects. */
function asObject(evidence: unknown): { [k: string]: unknown } | undefined {
  if (evidence === null || evidence === undefined) return undefined
  return typeof evidence === 'object' && !Array.isArray(evidence) ? (evidence as { [k: string]: unknown }) : { value: evidence }
}
