// A TCP proxy on loopback that the fault tests put between Sitrep and an sshd, to cut the
// network without touching the host's firewall: `blackhole()` holds every byte in both
// directions (a partition: nothing arrives, nothing is refused, TCP would keep retrying), `heal()`
// delivers what was held and forwards again, `reset()` kills every connection with an RST.
import { createServer, connect, type Server, type Socket } from 'node:net'

interface Pair {
  client: Socket
  upstream: Socket
  /** Bytes held while black-holed, per direction, in order. */
  toUpstream: Buffer[]
  toClient: Buffer[]
  /** Held for good: a connection that went dead while new ones work (stallOpen). */
  stalled: boolean
}

export interface TcpProxy {
  readonly port: number
  /** Connections accepted so far (a reconnect shows up as a new one). */
  readonly accepted: number
  blackhole(): void
  /**
   * The connections open now go silent for good (their bytes are held and never delivered) while
   * new connections pass: a socket stuck after a network change, NAT state dropped, a dead peer.
   */
  stallOpen(): number
  heal(): void
  reset(): void
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>()
  let holding = false
  let accepted = 0

  // allowHalfOpen: a silent link must swallow the client's FIN too (a real black hole does), so
  // the proxy answers it only while forwarding.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    accepted++
    const upstream = connect({ host: '127.0.0.1', port: targetPort })
    const pair: Pair = { client, upstream, toUpstream: [], toClient: [], stalled: false }
    pairs.add(pair)
    const drop = (): void => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    const held = (): boolean => holding || pair.stalled
    client.on('data', (d: Buffer) => (held() ? pair.toUpstream.push(d) : upstream.write(d)))
    upstream.on('data', (d: Buffer) => (held() ? pair.toClient.push(d) : client.write(d)))
    client.on('end', () => {
      if (held()) return
      client.end()
      upstream.end()
    })
    // A side that closes while black-holed: nothing can tell the other side either.
    client.on('close', () => (held() ? undefined : drop()))
    upstream.on('close', () => (held() ? undefined : drop()))
    client.on('error', () => undefined)
    upstream.on('error', () => undefined)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('proxy has no port')

  return {
    port: address.port,
    get accepted() {
      return accepted
    },
    blackhole() {
      holding = true
    },
    stallOpen() {
      for (const p of pairs) p.stalled = true
      return pairs.size
    },
    heal() {
      holding = false
      for (const p of [...pairs]) {
        if (p.client.destroyed || p.upstream.destroyed) {
          // Closed during the partition: the far side learns of it now.
          pairs.delete(p)
          p.client.destroy()
          p.upstream.destroy()
          continue
        }
        for (const b of p.toUpstream.splice(0)) p.upstream.write(b)
        for (const b of p.toClient.splice(0)) p.client.write(b)
      }
    },
    reset() {
      for (const p of [...pairs]) {
        pairs.delete(p)
        p.client.resetAndDestroy()
        p.upstream.resetAndDestroy()
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy()
          p.upstream.destroy()
        }
        pairs.clear()
        server.close(() => resolve())
      }),
  }
}
