import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import * as plc from '@did-plc/lib'
import { MockDatabase, PlcServer } from '@did-plc/server'
import { CID } from 'multiformats/cid'
import { bindTo } from './bind'

type SavedOp = { did: string; operation: unknown; cid: string; nullified: boolean; createdAt: string }

/**
 * The reference PLC directory's in-memory database, saved to a JSON file after every accepted
 * operation, so DIDs survive a restart of the local stack (the PDS's accounts depend on them).
 * A local stack holds a handful of DIDs: rewriting one small file per operation is fine.
 */
export class FilePlcDatabase extends MockDatabase {
  constructor(private readonly file: string) {
    super()
    if (!existsSync(file)) return
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SavedOp[]>
    for (const [did, ops] of Object.entries(saved)) {
      this.contents[did] = ops.map((op) => ({
        did: op.did,
        operation: op.operation as plc.CompatibleOpOrTombstone,
        cid: CID.parse(op.cid) as never,
        nullified: op.nullified,
        createdAt: new Date(op.createdAt),
      }))
    }
  }

  override async validateAndAddOp(did: string, proposed: plc.OpOrTombstone): Promise<void> {
    await super.validateAndAddOp(did, proposed)
    this.save()
  }

  private save() {
    const out: Record<string, SavedOp[]> = {}
    for (const [did, ops] of Object.entries(this.contents)) {
      out[did] = ops.map((op) => ({
        did: op.did,
        operation: op.operation,
        cid: op.cid.toString(),
        nullified: op.nullified,
        createdAt: op.createdAt.toISOString(),
      }))
    }
    writeFileSync(`${this.file}.tmp`, JSON.stringify(out))
    renameSync(`${this.file}.tmp`, this.file)
  }
}

/** Starts the reference PLC directory on a port and interface, backed by a file. */
export async function startPlc(file: string, port: number, host: string): Promise<PlcServer> {
  const server = PlcServer.create({ db: new FilePlcDatabase(file), port })
  bindTo(server.app, host)
  await server.start()
  return server
}
