import { parentPort } from 'node:worker_threads'
import { ArrivalFilter } from './arrival'
import { ArrivalSetRules } from './arrival-sets'
import type { ArrivalCommand, ArrivalMessage, DropRun } from './arrival-thread'
import { FirehoseSocket } from './socket'

/**
 * The arrival thread: reads the firehose socket, drops what needs nothing of the service to drop
 * (commits outside its collections, writes its stateless rules drop), folds each run of dropped
 * frames into its last seq and time, and passes the rest on to the ingesting thread whole, in
 * stream order, a batch per turn of its event loop. It stops reading while the ingesting thread has
 * not taken what it was sent (see ArrivalThread).
 */
const port = parentPort!
let socket: FirehoseSocket | undefined
/** Made at 'start', before the socket reads anything (commands before it find none). */
let filter: ArrivalFilter | undefined
/** Seq of the last frame passed on or dropped: the cursor a reconnect asks from (undefined: live). */
let lastSent: number | undefined
/** Which position of the stream the frames belong to (bumped by the ingester on every reconnect it asks for). */
let epoch = 0
/** What this turn of the loop read: runs of dropped frames, and frames passed on (their bytes in `frames`). */
let items: (DropRun | null)[] = []
let frames: Uint8Array[] = []
let replays = 0
let flushing = false
/** Items and bytes sent and not yet taken; reading stops above the limits (the ingester's, given at start). */
let inFlight = 0
let inFlightBytes = 0
let maxInFlight = 0
let maxInFlightBytes = 0
let flowPaused = false

function post(msg: ArrivalMessage, list?: ArrayBuffer[]): void {
  port.postMessage(msg, list)
}

const logger = {
  info: (obj: object, msg: string) => post({ type: 'log', level: 'info', obj, msg }),
  warn: (obj: object, msg: string) => post({ type: 'log', level: 'warn', obj, msg }),
}

function state(): void {
  if (socket) post({ type: 'state', connected: socket.connected, connects: socket.counts.connects, watchdogDrops: socket.counts.watchdogDrops })
}

function url(service: string): string {
  const url = new URL('/xrpc/com.atproto.sync.subscribeRepos', service.replace(/^http/, 'ws'))
  if (lastSent === undefined) post({ type: 'live' })
  else url.searchParams.set('cursor', String(lastSent))
  return url.toString()
}

function receive(data: Uint8Array): void {
  const arrival = filter!.judge(data)
  if (arrival.seq !== undefined) {
    if (lastSent !== undefined && arrival.seq <= lastSent) {
      replays++
      return
    }
    lastSent = arrival.seq
  }
  if (arrival.drop) {
    const tail = items.at(-1)
    if (tail) {
      tail.seq = arrival.seq
      tail.time = arrival.time
      tail.events++
    } else add({ seq: arrival.seq, time: arrival.time, events: 1 }, 0)
  } else {
    frames.push(data)
    add(null, data.byteLength)
  }
}

function add(item: DropRun | null, bytes: number): void {
  items.push(item)
  inFlight++
  inFlightBytes += bytes
  if (!flowPaused && (inFlight >= maxInFlight || inFlightBytes >= maxInFlightBytes)) {
    flowPaused = true
    socket?.pause('flow')
  }
  if (!flushing) {
    flushing = true
    setImmediate(flush)
  }
}

/** Reads again once half of what held it back has been taken (or discarded). */
function resumeIfTaken(): void {
  if (flowPaused && inFlight <= maxInFlight / 2 && inFlightBytes <= maxInFlightBytes / 2) {
    flowPaused = false
    socket?.resume('flow')
  }
}

/**
 * Sends what this turn of the loop read, as one message: the frames passed on are copied into one
 * buffer, moved to the other thread (not copied again), where each is a view of it until the
 * ingester keeps it (then it is copied, as a frame read on that thread is) or drops it. One buffer
 * a message, not one a frame: most of the appview's frames are dropped as soon as they arrive.
 */
function flush(): void {
  flushing = false
  if (items.length === 0 && replays === 0) return
  let size = 0
  for (const f of frames) size += f.byteLength
  const bytes = new Uint8Array(size)
  const ends: number[] = []
  let at = 0
  for (const f of frames) {
    bytes.set(f, at)
    at += f.byteLength
    ends.push(at)
  }
  post({ type: 'frames', epoch, items, ends, bytes, replays }, [bytes.buffer])
  items = []
  frames = []
  replays = 0
}

port.on('message', (cmd: ArrivalCommand) => {
  switch (cmd.type) {
    case 'start':
      epoch = cmd.epoch
      filter = new ArrivalFilter(cmd.collections, cmd.rules, cmd.sets && new ArrivalSetRules(cmd.sets))
      lastSent = cmd.cursor ?? undefined
      maxInFlight = cmd.maxInFlight
      maxInFlightBytes = cmd.maxInFlightBytes
      socket = new FirehoseSocket({
        url: () => url(cmd.service),
        onMessage: receive,
        onOpen: state,
        onClose: state,
        logger,
        pingAfterMs: cmd.pingAfterMs,
        silenceTimeoutMs: cmd.silenceTimeoutMs,
      })
      for (const reason of cmd.paused) socket.pause(reason)
      socket.start()
      return
    case 'taken':
      inFlight -= cmd.items
      inFlightBytes -= cmd.bytes
      resumeIfTaken()
      return
    case 'pause':
      socket?.pause(cmd.reason)
      return
    case 'resume':
      socket?.resume(cmd.reason)
      return
    case 'reconnect':
      // What was read and not sent belongs to the position given up.
      inFlight -= items.length
      for (const f of frames) inFlightBytes -= f.byteLength
      items = []
      frames = []
      epoch = cmd.epoch
      lastSent = cmd.cursor ?? undefined
      // Commits passed on unread and discarded with their epoch are read again; those the ingester holds it still judges.
      if (cmd.unread) filter?.sets?.resetUnread(cmd.unread)
      // What was discarded may be all that held reading back: no 'taken' will come for it.
      resumeIfTaken()
      socket?.reconnect(cmd.why, { now: cmd.now })
      return
    case 'sets':
      filter?.sets?.add(cmd.added)
      return
    case 'judged':
      filter?.sets?.judged(cmd.seq)
      return
    case 'judging':
      if (filter?.sets) filter.sets.judging = cmd.on
      return
    case 'close':
      socket?.close()
      port.close()
      return
  }
})
post({ type: 'ready' })
