import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createLogger, DEFAULT_HOST, didWebForUrl } from '@framewright/service-kit'
import { LocalStack, freePort, startPds, type StackNetwork, type StackPorts } from '@framewright/stack'
import { createUser, type TestUser } from './network'

/**
 * A PLC directory and PDS of a test's own (in this process, the stack's code), with the stack's
 * accounts and the environment its services read: for tests that stop the PDS, or need a network
 * whose every event is theirs. The suite's network is shared by every other file and must stay up.
 * The services are not started: the test runs them (as processes, see processes.ts) with `env`.
 */
export class PrivateNetwork {
  private constructor(
    readonly dir: string,
    readonly ports: StackPorts,
    readonly stack: LocalStack,
    readonly made: StackNetwork,
  ) {}

  static async start(prefix: string): Promise<PrivateNetwork> {
    const dir = mkdtempSync(join(tmpdir(), `framewright-${prefix}-`))
    const ports = { client: await freePort(), plc: await freePort(), pds: await freePort(), appview: await freePort(), feedgen: await freePort(), labeler: await freePort() }
    const stack = new LocalStack({ dataDir: join(dir, 'network'), ports, seed: false, logger: createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'error' }) })
    const made = await stack.startNetwork()
    return new PrivateNetwork(dir, ports, stack, made)
  }

  get pdsUrl(): string {
    return this.stack.url('pds')
  }

  url(service: 'appview' | 'feedgen' | 'labeler'): string {
    return this.stack.url(service)
  }

  /** The environment every service of this network reads, each with a data folder (SQLite files, media) of its own. */
  serviceEnv(service: 'appview' | 'feed-generator' | 'labeler', extra: Record<string, string> = {}): Record<string, string | undefined> {
    return {
      ...Object.fromEntries(Object.entries(this.made.env).filter(([k]) => k.startsWith('FRAMEWRIGHT_'))),
      FRAMEWRIGHT_DATA_DIR: join(this.dir, service),
      FRAMEWRIGHT_CLIENT_PORT: '0',
      ...extra,
    }
  }

  createUser(prefix: string): Promise<TestUser> {
    return createUser(prefix, this.pdsUrl)
  }

  /** Stops the PDS, keeping its data folder. */
  async stopPds(): Promise<void> {
    await this.stack.pds?.destroy()
    this.stack.pds = undefined
  }

  /** Starts the PDS again on the same port and data folder, as an operator's restart would. */
  async startPds(): Promise<void> {
    this.stack.pds = await startPds({
      dataDir: resolve(this.stack.opts.dataDir),
      port: this.ports.pds,
      host: DEFAULT_HOST,
      plcUrl: this.stack.url('plc'),
      secrets: this.made.secrets,
      appview: { url: this.stack.url('appview'), did: didWebForUrl(this.stack.url('appview')) },
    })
  }

  async destroy(): Promise<void> {
    await this.stack.destroy()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
