// Copies a SQLite database's write-ahead log into the database file, on its own thread and its own
// connection, so that the page writes and fsyncs of checkpointing never stall the thread that
// ingests and serves (see checkpointer.ts). Plain JavaScript: a worker needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import SqliteDb from 'better-sqlite3'

const { path, intervalMs } = workerData
const db = new SqliteDb(path, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
let stats = { runs: 0, failures: 0, framesCopied: 0 }

function checkpoint() {
  try {
    // PASSIVE: copies what no reader still needs, never waits for or blocks the writer.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)')
    stats.runs++
    stats.framesCopied += Math.max(0, row?.checkpointed ?? 0)
  } catch {
    // Busy or locked now: the next tick tries again (and the writer's own fallback bounds the log).
    stats.failures++
  }
}

const timer = setInterval(checkpoint, intervalMs)
parentPort.on('message', (msg) => {
  if (msg === 'stats') parentPort.postMessage({ stats })
  if (msg === 'close') {
    clearInterval(timer)
    checkpoint()
    db.close()
    parentPort.postMessage({ closed: true, stats })
  }
})
