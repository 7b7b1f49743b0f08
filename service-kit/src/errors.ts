/** A configuration value is missing, malformed or contradicts another one. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    /** The environment variable a person should change. */
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
  }
}

/** A port is already taken by another process. */
export class PortInUseError extends Error {
  override name = 'PortInUseError'
  constructor(
    readonly port: number,
    readonly variable: string,
    readonly service: string,
  ) {
    super(`${service} cannot listen on port ${port}: it is already in use. Stop what holds it, or set ${variable} to another port.`)
  }
}

/** A call to another service failed, timed out or answered with an error. */
export class UpstreamError extends Error {
  override name = 'UpstreamError'
  constructor(
    message: string,
    readonly status?: number,
    readonly errorName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
