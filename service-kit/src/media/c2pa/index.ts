export { readC2pa, type C2paFacts, type C2paPresent, type C2paAbsent, type ReadC2paOptions } from './read'
export { C2paSigner, type ManifestDefinition } from './sign'
export { makeOperatorCredentials, parseC2paCredentials, C2paCredentialsError, type C2paCredentialsPem, type C2paCredentials } from './credentials'
export { DIGITAL_SOURCE_TYPE, isAiSourceType } from './source-types'
