import { parentPort } from 'node:worker_threads'
import { KeyCache } from '../repo/keys'
import { runVerifyJob, unpackJobs, type PackedJob } from './verifier'

/** A verification worker: batches of jobs in, results (in the same order) out. */
const keys = new KeyCache()
parentPort!.on('message', (msg: { id: number; jobs: PackedJob[]; bytes: ArrayBuffer }) => {
  parentPort!.postMessage({ id: msg.id, results: unpackJobs(msg.jobs, msg.bytes).map((job) => runVerifyJob(job, keys)) })
})
// Loaded: the ingester may start reading.
parentPort!.postMessage({ ready: true })
