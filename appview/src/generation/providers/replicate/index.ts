export { ReplicateProvider, type ReplicateOptions } from './provider'
export { ReplicateUnavailableError } from './api'
export { DEFAULT_REPLICATE_MODELS, MODEL_NAME } from './models'
