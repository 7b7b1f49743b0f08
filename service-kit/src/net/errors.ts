import type { AddressRange } from './address'

/** An outbound call refused or cut short by the outbound client's own rules (not by the other side). */
export class OutboundError extends Error {
  override name = 'OutboundError'
}

/**
 * A host named by the network is, or resolves to, an address we do not reach out to (loopback,
 * private, link-local, cloud metadata, ...) and is not on FRAMEWRIGHT_OUTBOUND_ALLOW.
 */
export class ForbiddenAddressError extends OutboundError {
  override name = 'ForbiddenAddressError'
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: AddressRange,
  ) {
    super(host === address ? `${address} is a ${range} address, which we do not fetch from` : `${host} resolves to ${address}, a ${range} address, which we do not fetch from`)
  }
}

/** The URL is not one the outbound client fetches (not http or https). */
export class UnsupportedUrlError extends OutboundError {
  override name = 'UnsupportedUrlError'
}

/** The answer was larger than the caller allows. */
export class ResponseTooLargeError extends OutboundError {
  override name = 'ResponseTooLargeError'
  constructor(
    readonly origin: string,
    readonly maxBytes: number,
  ) {
    super(`${origin} answered more than ${maxBytes} bytes`)
  }
}

/** The whole exchange (redirects and body included) did not finish within the time allowed. */
export class OutboundTimeoutError extends OutboundError {
  override name = 'OutboundTimeoutError'
  constructor(
    readonly origin: string,
    readonly timeoutMs: number,
  ) {
    super(`${origin} did not answer within ${timeoutMs} ms`)
  }
}

/** More redirects than the caller follows. */
export class TooManyRedirectsError extends OutboundError {
  override name = 'TooManyRedirectsError'
  constructor(
    readonly origin: string,
    readonly maxRedirects: number,
  ) {
    super(`more than ${maxRedirects} redirects from ${origin}`)
  }
}

/** Whether another try could go differently: a timeout could; a refused address, an oversized answer or a redirect loop cannot. */
export function isRetryableOutbound(err: unknown): boolean {
  return !(err instanceof OutboundError) || err instanceof OutboundTimeoutError
}
