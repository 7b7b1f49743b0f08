import { Labeler, configFromEnv } from './index'

const labeler = await Labeler.create(configFromEnv())
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void labeler.destroy().then(() => process.exit(0)))
}
// A standby ingest process waits inside start() for the writer lock: it must still stop when told.
await labeler.start()
