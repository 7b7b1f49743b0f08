import { readFileSync } from 'node:fs'
import net from 'node:net'

/**
 * A free port for a service started by a test, a bench or a test stack, which must not collide with a running one. It is chosen below the
 * kernel's ephemeral range: a port the OS hands out for `listen(0)` comes from the same range as
 * the local ports of outgoing connections, so between choosing it and a service listening on it a
 * connection (the PDS calling the PLC, a database client) could take it. Falls back to the OS's
 * choice where no such range can be read.
 */
export async function freePort(): Promise<number> {
  const [low, high] = quietRange()
  for (let attempt = 0; attempt < 50 && high > low; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (handedOut.has(port)) continue
    handedOut.add(port)
    if (await canListen(port)) return port
    handedOut.delete(port)
  }
  return osPort()
}

const handedOut = new Set<number>()

/** Ports no outgoing connection is given: from 20000 up to the start of the ephemeral range. */
function quietRange(): [number, number] {
  try {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    return [20_000, Math.min(ephemeralLow ?? 0, 65_535)]
  } catch {
    return [0, 0]
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, () => probe.close(() => resolve(true)))
  })
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
