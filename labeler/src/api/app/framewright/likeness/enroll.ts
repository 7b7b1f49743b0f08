import { InvalidRequestError, MethodNotImplementedError, NotEnoughResourcesError } from '@atproto/xrpc-server'
import { MediaBusyError } from '@framewright/service-kit'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { EnrollmentError } from '../../../../faces/enrolment'
import { readBody } from './read-body'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.enroll({
    auth: ctx.auth.required(ids.AppFramewrightLikenessEnroll),
    handler: async ({ input, auth, res }) => {
      const enroller = ctx.enroller
      if (!enroller) throw new MethodNotImplementedError('this labeler takes no enrolments: it has no template key (FRAMEWRIGHT_LABELER_TEMPLATE_KEY_HEX)')
      const bytes = await readBody(input.body, ctx.cfg.maxEnrollBytes)
      try {
        const enrollment = await enroller.enroll(auth.credentials.did, bytes)
        ctx.logger.info({ did: auth.credentials.did, templates: enrollment.templates }, 'face enrolled')
        return { encoding: 'application/json', body: enrollment }
      } catch (err) {
        if (err instanceof EnrollmentError) throw new InvalidRequestError(err.message, err.name)
        if (err instanceof MediaBusyError) {
          res.setHeader('retry-after', String(err.retryAfterSeconds))
          throw new NotEnoughResourcesError('this labeler is decoding as much media as it can; try again shortly', 'MediaBusy')
        }
        throw err
      }
    },
  })
}
