import { resolve } from 'node:path'
import { LocalStack } from './stack'
import { readStackEnv } from './env'
import { DEFAULT_PORTS, type StackPorts } from './ports'
import { createConsoleLogger } from './console-log'
import { SecretScrubber } from '@framewright/service-kit'

const env = readStackEnv()
const ports = Object.fromEntries(
  (Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[]).map((k) => [k, env.ports[k] ?? DEFAULT_PORTS[k].port]),
) as StackPorts
const scrubber = new SecretScrubber()
const logger = createConsoleLogger(env.logLevel ?? 'info', scrubber)
const database = env.databaseUrl ? { url: env.databaseUrl } : undefined
// `npm start` is the demo: one-click logins unless FRAMEWRIGHT_DEMO=false (a LocalStack is not, unless told).
const demo = env.demo ?? true
const stack = new LocalStack({ dataDir: resolve(env.dataDir ?? 'data'), ports, seed: env.seed ?? true, demo, host: env.host, logger, scrubber, database })

let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  process.stdout.write('\nStopping Framewright…\n')
  await stack.destroy()
  process.exit(code)
}
process.once('SIGINT', () => void stop(0))
process.once('SIGTERM', () => void stop(0))

try {
  const d = await stack.start()
  const logins = [...d.accounts.map((a) => ({ ...a, note: '' })), { ...d.moderator, note: "   (the labeler's moderator)" }]
  const width = Math.max(...logins.map((a) => a.handle.length))
  const accounts = demo
    ? logins.map((a) => `    ${a.handle.padEnd(width)}  password ${a.password}${a.note}`).join('\n')
    : `    ${logins.map((a) => a.handle).join(', ')}: passwords in ${d.dataDir}/secrets.json (demo mode is off)`
  process.stdout.write(`
  Framewright is running.

    web client      ${d.services.client.url}
    appview         ${d.services.appview.url}   ${d.services.appview.did}
    feed generator  ${d.services.feedGenerator.url}   ${d.services.feedGenerator.did}
    labeler         ${d.services.labeler.url}   ${d.services.labeler.did}
    PDS             ${d.services.pds.url}
    PLC directory   ${d.services.plc.url}

  Demo accounts:
${accounts}

  Everything is in ${d.dataDir} (stack.json describes it)${database ? ', the services\' databases in Postgres schemas framewright_*' : ''}. Ctrl-C stops.

`)
} catch (err) {
  // Ctrl-C while starting (say, during the first start's seeding): stop() is already on it.
  if (stopping) await new Promise(() => undefined)
  process.stderr.write(`\nFramewright could not start: ${err instanceof Error ? err.message : String(err)}\n`)
  if (!(err instanceof Error && err.name === 'PortInUseError')) logger.error({ err }, 'start failed')
  await stack.destroy().catch(() => undefined)
  process.exit(1)
}
