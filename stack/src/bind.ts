import type { Server } from 'node:http'

/** An express app's listen, as the reference PDS and PLC call it: a port, nothing else. */
interface Listens {
  listen(port: number, ...rest: unknown[]): Server
}

/**
 * Makes the reference PDS's and PLC's `start()` bind `host`: they call `app.listen(port)`, which
 * binds every interface, and take no host setting. The rest of start() (its own server handle,
 * the terminator that destroy() uses) stays theirs.
 */
export function bindTo(app: Listens, host: string): void {
  const listen = app.listen.bind(app)
  app.listen = (port: number, ...rest: unknown[]) => listen(port, host, ...rest)
}
