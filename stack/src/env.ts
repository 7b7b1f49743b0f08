import { ConfigError, envBool, envDbLocation, envHost, envPort, envStr, isPostgresUrl } from '@framewright/service-kit'

/** Every environment variable the local stack itself reads (services read their own). */
export function readStackEnv(env: Record<string, string | undefined> = process.env) {
  return {
    dataDir: envStr(env, 'FRAMEWRIGHT_DATA_DIR'),
    logLevel: envStr(env, 'FRAMEWRIGHT_LOG_LEVEL'),
    seed: envBool(env, 'FRAMEWRIGHT_SEED'),
    /** Demo mode: one-click demo logins on the web client (`npm start` defaults it on). */
    demo: envBool(env, 'FRAMEWRIGHT_DEMO'),
    /** Where the PLC, PDS and every service listen (FRAMEWRIGHT_HOST; a service's own `_HOST` still wins). */
    host: envHost(env, 'FRAMEWRIGHT_HOST'),
    databaseUrl: envDatabaseUrl(env),
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

/** FRAMEWRIGHT_DATABASE_URL: one Postgres server for every service of the stack (unset: SQLite files). */
function envDatabaseUrl(env: Record<string, string | undefined>): string | undefined {
  const name = 'FRAMEWRIGHT_DATABASE_URL'
  const url = envDbLocation(env, name)
  if (url !== undefined && !isPostgresUrl(url)) {
    throw new ConfigError(name, 'expected a postgresql:// URL (each service gets a schema of its own there); unset it to keep every service on SQLite files')
  }
  return url
}

export type StackEnv = ReturnType<typeof readStackEnv>
