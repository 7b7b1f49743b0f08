import { Agent as HttpAgent, type AgentOptions as HttpAgentOptions, type ClientRequestArgs } from 'node:http'
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https'
import { isIP } from 'node:net'
import { createSecureContext, type SecureContext } from 'node:tls'
import type { Duplex } from 'node:stream'
import type { AddressGuard } from './guard'

type ConnectOptions = ClientRequestArgs
type Callback = (err: Error | null, stream: Duplex) => void

/**
 * Every socket these agents open goes through the guard: a host name is resolved by the guard's
 * lookup (which answers only with vetted addresses, and node connects to what it answered), an IP
 * literal is checked before connecting (node does not look literals up). Requests made with them,
 * redirects included, therefore cannot reach an address the guard refuses.
 */
function guardedConnect(
  guard: AddressGuard,
  options: ConnectOptions,
  callback: Callback | undefined,
  connect: (options: ConnectOptions) => Duplex | null | undefined,
): Duplex | null | undefined {
  const host = String(options.host ?? options.hostname ?? 'localhost')
  if (isIP(host.replace(/^\[(.*)\]$/, '$1'))) {
    try {
      guard.checkLiteral(host)
    } catch (err) {
      process.nextTick(() => callback?.(err as Error, undefined as never))
      return undefined
    }
    return connect(options)
  }
  return connect({ ...options, lookup: guard.lookup })
}

/** An http.Agent whose connections the guard vets. */
export class GuardedHttpAgent extends HttpAgent {
  constructor(
    private readonly guard: AddressGuard,
    options?: HttpAgentOptions,
  ) {
    super(options)
  }

  override createConnection(options: ConnectOptions, callback?: Callback): Duplex | null | undefined {
    return guardedConnect(this.guard, options, callback, (o) => super.createConnection(o, callback))
  }
}

/** An https.Agent whose connections the guard vets (the certificate is still checked against the host name). */
export class GuardedHttpsAgent extends HttpsAgent {
  constructor(
    private readonly guard: AddressGuard,
    options?: HttpsAgentOptions,
  ) {
    super(options)
  }

  override createConnection(options: ConnectOptions, callback?: Callback): Duplex | null | undefined {
    const tls = options as ConnectOptions & Record<string, unknown>
    // Node builds a TLS context (the root certificates parsed anew) for every connection not given
    // one: milliseconds each, paid for every PDS a probe or fetch connects to. The default one is built once.
    const withContext = TLS_MATERIAL.some((k) => tls[k] !== undefined) ? options : { ...options, secureContext: defaultSecureContext() }
    return guardedConnect(this.guard, withContext, callback, (o) => super.createConnection(o, callback))
  }
}

/** Connection options that make a TLS context of their own (then it is not shared). */
const TLS_MATERIAL = ['secureContext', 'ca', 'cert', 'key', 'pfx', 'passphrase', 'ciphers', 'ecdhCurve', 'minVersion', 'maxVersion', 'secureOptions', 'secureProtocol', 'crl', 'sigalgs', 'dhparam', 'honorCipherOrder', 'privateKeyEngine', 'privateKeyIdentifier', 'clientCertEngine']

let sharedContext: SecureContext | undefined
function defaultSecureContext(): SecureContext {
  sharedContext ??= createSecureContext()
  return sharedContext
}
