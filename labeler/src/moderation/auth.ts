import { ForbiddenError } from '@atproto/xrpc-server'
import type { ServiceAuthVerifier, ViewerCredentials } from '@framewright/service-kit'
import type { IncomingMessage } from 'node:http'

/**
 * An xrpc-server auth function for moderator-only methods: the service JWT is verified in full
 * (audience = us, lxm = the method, expiry, signature), then its issuer must be a moderator.
 */
export function moderatorOnly(verifier: ServiceAuthVerifier, moderators: readonly string[], lxm: string) {
  return async ({ req }: { req: IncomingMessage }): Promise<{ credentials: ViewerCredentials }> => {
    const credentials = await verifier.verifyRequest(req, { lxm })
    if (!moderators.includes(credentials.did)) {
      throw new ForbiddenError(`${credentials.did} is not a moderator of this labeler`, 'NotModerator')
    }
    return { credentials }
  }
}
