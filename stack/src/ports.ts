import net from 'node:net'
import { DEFAULT_APPVIEW_PORT, DEFAULT_CLIENT_PORT } from '@framewright/appview'
import { DEFAULT_FEEDGEN_PORT } from '@framewright/feed-generator'
import { DEFAULT_LABELER_PORT } from '@framewright/labeler'
import { PortInUseError } from '@framewright/service-kit'

export { freePort } from '@framewright/service-kit'

export interface PortClaim {
  port: number
  variable: string
  service: string
}

/** The stack's ports and the variables that move them (DESIGN.md's defaults; each service owns its own). */
export const DEFAULT_PORTS = {
  client: { port: DEFAULT_CLIENT_PORT, variable: 'FRAMEWRIGHT_CLIENT_PORT', service: 'web client' },
  plc: { port: 2582, variable: 'FRAMEWRIGHT_PLC_PORT', service: 'PLC directory' },
  pds: { port: 2583, variable: 'FRAMEWRIGHT_PDS_PORT', service: 'PDS' },
  appview: { port: DEFAULT_APPVIEW_PORT, variable: 'FRAMEWRIGHT_APPVIEW_PORT', service: 'appview' },
  feedgen: { port: DEFAULT_FEEDGEN_PORT, variable: 'FRAMEWRIGHT_FEEDGEN_PORT', service: 'feed generator' },
  labeler: { port: DEFAULT_LABELER_PORT, variable: 'FRAMEWRIGHT_LABELER_PORT', service: 'labeler' },
} as const

export type StackPorts = Record<keyof typeof DEFAULT_PORTS, number>

/** Checks every port before anything starts, so a busy one fails fast with the variable that moves it. */
export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  for (const claim of claims) {
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer()
      probe.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new PortInUseError(claim.port, claim.variable, claim.service) : err),
      )
      probe.listen(claim.port, () => probe.close(() => resolve()))
    })
  }
}
