export { LocalStack, DEMO_HANDLES, type StackOptions, type StackDescription } from './stack'
export { DEFAULT_PORTS, freePort, type StackPorts } from './ports'
