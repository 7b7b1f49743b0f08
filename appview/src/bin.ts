import { Appview, configFromEnv } from './index'

const appview = await Appview.create(configFromEnv())
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void appview.destroy().then(() => process.exit(0)))
}
// A standby ingest process waits inside start() for the writer lock: it must still stop when told.
await appview.start()
