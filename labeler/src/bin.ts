import { Labeler, configFromEnv } from './index'

const labeler = await Labeler.create(configFromEnv())
await labeler.start()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void labeler.destroy().then(() => process.exit(0)))
}
