// multiformats 9 ships types outside its "exports" map, so TypeScript cannot find them for
// 'multiformats/cid' (which lex-cli's generated code imports). tsconfig maps that specifier
// here; this file gives runtimes (tsx honours tsconfig paths) the real module.
export { CID } from '../../../node_modules/multiformats/esm/src/cid.js'
