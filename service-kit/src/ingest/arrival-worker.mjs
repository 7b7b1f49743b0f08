// Entry of the arrival thread when its body cannot be bundled into plain JavaScript (see
// plain-worker.ts). Plain JavaScript so that Node can start it as is; it loads the TypeScript
// worker body through tsx, as the services themselves run.
import { tsImport } from 'tsx/esm/api'

await tsImport('./arrival-worker-body.ts', import.meta.url)
