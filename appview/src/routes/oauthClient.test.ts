import { describe, expect, it } from 'vitest'
import { oauthClientId, oauthClientMetadata, OAUTH_SCOPE } from './oauthClient'

describe('the web client as an OAuth client', () => {
  it('is a loopback client (no metadata) on http', () => {
    expect(oauthClientId('http://localhost:2580')).toBeUndefined()
    expect(oauthClientMetadata('http://127.0.0.1:2580')).toBeUndefined()
  })

  it('serves metadata at its https client_id, redirecting to the app root', () => {
    const meta = oauthClientMetadata('https://framewright.example/')
    expect(meta).toMatchObject({
      client_id: 'https://framewright.example/client-metadata.json',
      redirect_uris: ['https://framewright.example/'],
      scope: OAUTH_SCOPE,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      dpop_bound_access_tokens: true,
    })
    expect(meta!.scope.split(' ')).toContain('atproto')
  })
})
