import { envBool, envPort, envStr } from '@framewright/service-kit'

/** Every environment variable the local stack itself reads (services read their own). */
export function readStackEnv(env: Record<string, string | undefined> = process.env) {
  return {
    dataDir: envStr(env, 'FRAMEWRIGHT_DATA_DIR'),
    logLevel: envStr(env, 'FRAMEWRIGHT_LOG_LEVEL'),
    seed: envBool(env, 'FRAMEWRIGHT_SEED'),
    ports: {
      client: envPort(env, 'FRAMEWRIGHT_CLIENT_PORT'),
      plc: envPort(env, 'FRAMEWRIGHT_PLC_PORT'),
      pds: envPort(env, 'FRAMEWRIGHT_PDS_PORT'),
      appview: envPort(env, 'FRAMEWRIGHT_APPVIEW_PORT'),
      feedgen: envPort(env, 'FRAMEWRIGHT_FEEDGEN_PORT'),
      labeler: envPort(env, 'FRAMEWRIGHT_LABELER_PORT'),
    },
  }
}

export type StackEnv = ReturnType<typeof readStackEnv>
