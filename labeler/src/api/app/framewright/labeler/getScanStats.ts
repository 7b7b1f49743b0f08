import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

/** Public coverage of the scan pipeline: counts only, nothing about anyone. */
export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.getScanStats(async () => {
    const enrolled = ctx.templates ? await ctx.templates.people() : 0
    return { encoding: 'application/json', body: { ...(await ctx.scanner.stats()), enrolled } }
  })
}
