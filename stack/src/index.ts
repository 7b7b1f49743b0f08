export { LocalStack, DEMO_HANDLES, StackStoppedError, serviceSchemas, type StackOptions, type StackDescription } from './stack'
export { findSeededVideos, SEED_VIDEO_KEYS } from './seed'
export { DEFAULT_PORTS, freePort, type StackPorts } from './ports'
