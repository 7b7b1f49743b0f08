// Copies a SQLite database's write-ahead log into the database file, on its own thread and its own
// connection, so that the page writes and fsyncs of checkpointing never stall the thread that
// ingests and serves (see checkpointer.ts). Plain JavaScript: a worker needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import SqliteDb from 'better-sqlite3'

const { path, intervalMs, restartBytes } = workerData
const db = new SqliteDb(path, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
let stats = { runs: 0, restarts: 0, failures: 0, framesCopied: 0 }

const pageBytes = db.pragma('page_size', { simple: true })
/** Frames of the current log already counted as copied (the pragma reports totals since the log started). */
let counted = 0

function count(row) {
  if (!row || row.checkpointed < 0) return
  if (row.checkpointed < counted) counted = 0 // the log started over
  stats.framesCopied += row.checkpointed - counted
  counted = row.checkpointed
}

function checkpoint() {
  try {
    // PASSIVE: copies what no reader still needs, never waits for or blocks the writer.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)')
    stats.runs++
    count(row)
    // A writer that never pauses appends while a passive checkpoint copies (the count above is of
    // the log as it was when the checkpoint began), so no write ever begins on a log copied in full,
    // and the log is never started over: it grows until the writer's own limit makes it checkpoint
    // on its own thread after all. Past `restartBytes`, RESTART copies the little that is left
    // while holding the writer back, and the next write starts the log from its beginning.
    if (row && row.log * pageBytes > restartBytes) {
      const [restart] = db.pragma('wal_checkpoint(RESTART)')
      if (restart && restart.busy === 0) stats.restarts++
      count(restart)
    }
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
