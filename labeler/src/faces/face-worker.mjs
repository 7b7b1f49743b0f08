// Entry of a face worker thread: face-api on TensorFlow.js's WebAssembly backend, with the weights
// the npm package ships (nothing is downloaded). Plain JavaScript so Node starts it as is; the
// models take about a second to load, so a thread loads them once and then serves many frames.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'

const require = createRequire(import.meta.url)
const tf = require('@tensorflow/tfjs')
const wasm = require('@tensorflow/tfjs-backend-wasm')
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js')

const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))
const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model')
const inputSize = workerData?.inputSize ?? 416
const minScore = workerData?.minScore ?? 0.2
const minFacePx = workerData?.minFacePx ?? 40
const detector = workerData?.detector ?? 'ssd'
const letterbox = workerData?.letterbox ?? true

async function load() {
  wasm.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`)
  await tf.setBackend('wasm')
  await tf.ready()
  if (detector === 'tiny') await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir)
  else await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir)
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
}

const ready = load()
// SSD MobileNet finds faces of every size in our frames; the tiny detector is faster but missed
// a third of the faces in face-api's own demo photos once cropped to a portrait.
const options =
  detector === 'tiny'
    ? new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: minScore })
    : new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 10 })

/** Faces of one RGB frame: box, detection score and the 128-number descriptor of each. */
async function describe(frame) {
  const pixels = new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength)
  const raw = faceapi.tf.tensor3d(pixels, [frame.height, frame.width, 3], 'int32')
  // SSD squeezes its input into a 512×512 square: a portrait frame's faces come out squashed, and
  // squashed faces are what it misses. Padding to a square (right and bottom, so boxes keep their
  // coordinates) keeps a face's shape.
  const side = Math.max(frame.width, frame.height)
  const tensor = letterbox && frame.width !== frame.height ? faceapi.tf.pad(raw, [[0, side - frame.height], [0, side - frame.width], [0, 0]]) : raw
  try {
    const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors()
    return found
      // Faces too small to recognise give descriptors close to everyone's: they would only add false matches.
      .filter((f) => f.detection.box.width >= minFacePx && f.detection.box.height >= minFacePx)
      .map((f) => ({
        box: { x: Math.round(f.detection.box.x), y: Math.round(f.detection.box.y), width: Math.round(f.detection.box.width), height: Math.round(f.detection.box.height) },
        score: f.detection.score,
        descriptor: Array.from(f.descriptor),
      }))
  } finally {
    if (tensor !== raw) tensor.dispose()
    raw.dispose()
  }
}

parentPort.on('message', async (msg) => {
  try {
    await ready
    const faces = []
    for (const frame of msg.frames) faces.push(await describe(frame))
    parentPort.postMessage({ id: msg.id, faces })
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) })
  }
})
