import type express from 'express'

export interface DidWebService {
  id: string
  type: string
  serviceEndpoint: string
}

/** A did:web document for a service that only names its endpoints (no keys, no handle). */
export function didWebDocument(did: string, services: DidWebService[]) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1'],
    id: did,
    service: services,
  }
}

/** Serves /.well-known/did.json for a did:web service. */
export function serveDidWeb(app: express.Application, did: string, services: DidWebService[]): void {
  const doc = didWebDocument(did, services)
  app.get('/.well-known/did.json', (_req, res) => {
    res.json(doc)
  })
}
