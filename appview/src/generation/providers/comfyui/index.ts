export { ComfyUIProvider, type ComfyUIOptions } from './provider'
export { ComfyUnavailableError } from './api'
export { loadWorkflow, WorkflowError, type ApiWorkflow } from './workflow'
