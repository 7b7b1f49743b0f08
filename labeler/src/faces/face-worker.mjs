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
const tinyInputSize = workerData?.tinyInputSize ?? 320
const minScore = workerData?.minScore ?? 0.2
const minFacePx = workerData?.minFacePx ?? 40
const letterbox = workerData?.letterbox ?? true

async function load() {
  wasm.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`)
  await tf.setBackend('wasm')
  await tf.ready()
  // Both detectors (about 6 MB together): the caller picks one per frame, so that the cheap one can
  // run first and the thorough one only where it found nothing.
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir)
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir)
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
}

const ready = load()
// SSD MobileNet finds more faces (blurred, small, recoloured) but costs about 400 ms of CPU a frame on
// this backend; the tiny detector at 320 px costs about 35 ms (bench/likeness.ts).
const detectors = {
  tiny: new faceapi.TinyFaceDetectorOptions({ inputSize: tinyInputSize, scoreThreshold: minScore }),
  ssd: new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 10 }),
}

/** A normalised 1-D Gaussian of `sigma` pixels, as a depthwise kernel over 3 channels along `axis`. */
function gaussianKernel(sigma, axis) {
  const radius = Math.max(1, Math.ceil(sigma * 3))
  const k = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)))
  const total = k.reduce((a, b) => a + b, 0)
  const taps = k.flatMap((v) => [v / total, v / total, v / total])
  return faceapi.tf.tensor4d(taps, axis === 'x' ? [1, k.length, 3, 1] : [k.length, 1, 3, 1])
}

/**
 * The frame as enrolment augments it: mirrored, or under a Gaussian blur (sigma in pixels). Done here
 * with tensor ops, not on the thread that serves requests.
 */
function applyVariant(raw, variant) {
  const tf = faceapi.tf
  if (variant === 'mirror') return tf.reverse(raw, 1)
  return tf.tidy(() => {
    const x = raw.toFloat().expandDims(0)
    const h = tf.depthwiseConv2d(x, gaussianKernel(variant.blur, 'x'), 1, 'same')
    const v = tf.depthwiseConv2d(h, gaussianKernel(variant.blur, 'y'), 1, 'same')
    return v.squeeze([0]).round().clipByValue(0, 255).toInt()
  })
}

/** Faces of one RGB frame: box, detection score and the 128-number descriptor of each. */
async function describe(frame, detector) {
  const pixels = new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength)
  const original = faceapi.tf.tensor3d(pixels, [frame.height, frame.width, 3], 'int32')
  const raw = frame.variant ? applyVariant(original, frame.variant) : original
  if (raw !== original) original.dispose()
  // Both detectors squeeze their input into a square: a portrait frame's faces come out squashed, and
  // squashed faces are what they miss. Padding to a square (right and bottom, so boxes keep their
  // coordinates) keeps a face's shape.
  const side = Math.max(frame.width, frame.height)
  const tensor = letterbox && frame.width !== frame.height ? faceapi.tf.pad(raw, [[0, side - frame.height], [0, side - frame.width], [0, 0]]) : raw
  try {
    const found = await faceapi.detectAllFaces(tensor, detectors[detector]).withFaceLandmarks().withFaceDescriptors()
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
    const detector = msg.detector === 'ssd' ? 'ssd' : 'tiny'
    const faces = []
    for (const frame of msg.frames) faces.push(await describe(frame, detector))
    parentPort.postMessage({ id: msg.id, faces })
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) })
  }
})
