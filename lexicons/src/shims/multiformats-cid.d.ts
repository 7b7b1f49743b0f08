// Types for ./multiformats-cid.js: the ones multiformats ships, outside its exports map.
export { CID } from '../../../node_modules/multiformats/types/src/cid'
