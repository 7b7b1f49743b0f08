export { LocalStack, DEMO_HANDLES, FEED_PUBLISHER_HANDLE, LOCAL_OUTBOUND_ALLOW, StackStoppedError, serviceSchemas, type StackOptions, type StackDescription, type StackNetwork } from './stack'
export { findSeededVideos, SEED_VIDEO_KEYS } from './seed'
export { DEFAULT_PORTS, freePort, type StackPorts } from './ports'
export { startPds } from './pds'
