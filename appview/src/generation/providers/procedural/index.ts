/** The built-in procedural provider; see provider.ts for the job lifecycle and scene.ts for the look. */
export { ProceduralProvider, RenderNotFinishedError, type ProceduralProviderOptions } from './provider'
