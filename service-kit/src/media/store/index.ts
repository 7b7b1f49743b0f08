export * from './media-store'
export * from './local-store'
export * from './s3-store'
export * from './config'
