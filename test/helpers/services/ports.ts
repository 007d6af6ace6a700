// Free TCP ports on loopback for throwaway services.
import { createServer } from 'node:net'

/**
 * A port that was free a moment ago on 127.0.0.1. Another process can still take it before the
 * service binds: the starters retry on "address already in use" (see withPortRetry).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('freePort: no TCP address'))
        return
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)))
    })
  })
}
