import { readFileSync } from 'node:fs'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { assertPortsFree, freePort } from './ports'

describe('assertPortsFree', () => {
  it('passes for free ports', async () => {
    await expect(assertPortsFree([{ port: await freePort(), variable: 'FRAMEWRIGHT_PDS_PORT', service: 'PDS' }])).resolves.toBeUndefined()
  })

  it('names the busy port and the variable that moves it', async () => {
    const holder = net.createServer()
    const port = await new Promise<number>((resolve) => holder.listen(0, () => resolve((holder.address() as net.AddressInfo).port)))
    try {
      const check = assertPortsFree([{ port, variable: 'FRAMEWRIGHT_LABELER_PORT', service: 'labeler' }])
      await expect(check).rejects.toMatchObject({ name: 'PortInUseError', port, variable: 'FRAMEWRIGHT_LABELER_PORT' })
      await expect(check).rejects.toThrow(`labeler cannot listen on port ${port}: it is already in use. Stop what holds it, or set FRAMEWRIGHT_LABELER_PORT to another port.`)
    } finally {
      holder.close()
    }
  })
})

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range, where no outgoing connection can take them', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()))
    expect(new Set(ports).size).toBe(20)
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow!)
  })
})
