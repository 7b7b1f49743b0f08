import { CompiledQuery, type Compilable, type Kysely } from 'kysely'

/** A query prepared by preparedQuery: run it on a database (or a transaction) with its arguments. */
export type PreparedQuery<A extends readonly (string | number)[], O> = (db: Kysely<any>, ...args: A) => Promise<O[]>

/**
 * A query built and compiled once per database, then run with new arguments: Kysely otherwise
 * builds, transforms and compiles the query's tree on every call, a measurable share of a request
 * that runs a few small queries (a feed page). `build` must use each argument only as a value
 * (never to choose the query's shape): it is compiled once with stand-ins, whose places among the
 * compiled parameters the real arguments then take. Values are passed as they are, without the
 * query plugins a built query goes through (the Postgres NUL replacement): give them only values
 * that came from our own database or were checked (DIDs, URIs, days).
 */
export function preparedQuery<A extends readonly (string | number)[], O>(build: (db: Kysely<any>, ...args: A) => Compilable<O>): PreparedQuery<A, O> {
  const compiled = new WeakMap<Kysely<any>, { query: CompiledQuery<O>; slots: (number | undefined)[] }>()
  return async (db, ...args) => {
    let prepared = compiled.get(db)
    if (!prepared) {
      const standIns = args.map((_, i) => `\u2060prepared-argument-${i}\u2060`) as unknown as A
      const query = build(db, ...standIns).compile()
      const slots = query.parameters.map((p) => (typeof p === 'string' ? standIns.indexOf(p as never) : -1)).map((i) => (i < 0 ? undefined : i))
      const used = new Set(slots.filter((s) => s !== undefined))
      if (used.size !== args.length) throw new Error(`a prepared query must use each of its ${args.length} arguments as a value: ${query.sql}`)
      prepared = { query, slots }
      compiled.set(db, prepared)
    }
    const { query, slots } = prepared
    const parameters = query.parameters.map((p, i) => (slots[i] === undefined ? p : args[slots[i]!]))
    const result = await db.executeQuery(CompiledQuery.raw(query.sql, parameters) as CompiledQuery<O>)
    return result.rows
  }
}
