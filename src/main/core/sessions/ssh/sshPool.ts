// One reusable ssh2 connection per saved target, for everything that is not an interactive
// shell: runbook commands run as captured execs, host metrics polled every few seconds, and
// tunnels to PostgreSQL/Prometheus/health endpoints behind a bastion. Reusing the connection
// matters: a login per poll would flood the host's auth log and cost a handshake each time.
import { createServer, type Server, type Socket } from 'node:net'
import { SitrepError } from '../../errors'
import { CapturedOutput, type ExecResult } from '../capturedOutput'
import type { HostTrust } from './hostTrust'
import { connectChain, type SshChain, type SshEndpoint } from './sshConnection'

export type { ExecResult } from '../capturedOutput'

export interface ExecOptions {
  /** Kills the remote command (and reports exec_timeout) after this long. Default 60 s. */
  timeoutMs?: number
  /** Output kept per stream; the rest is drained and dropped (truncated: true). Default 1 MiB. */
  maxBytes?: number
  stdin?: string
  signal?: AbortSignal
}

export interface Tunnel {
  /** A port on 127.0.0.1 that leads to remoteHost:remotePort as seen from the target. */
  localPort: number
  close(): void
}

export class ExecTimeoutError extends SitrepError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    /** What the command printed before it was stopped: often the clue to why it hung. */
    readonly partial: ExecResult,
  ) {
    super(
      'exec_timeout',
      `The command on ${target} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. Run it in a terminal pane to watch it, or raise the timeout.`,
    )
  }
}

/** The pooled connection could not open a channel: it is dead even if no 'close' came yet. */
class StaleConnectionError extends SitrepError {
  constructor(message: string) {
    super('connect_failed', message)
  }
}

/** OpenSSH allows 10 sessions per connection (MaxSessions); stay under it. */
const MAX_CHANNELS = 8
const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_MAX_BYTES = 1 << 20
/** A connection nobody used for this long is closed; the next use reconnects. */
const IDLE_CLOSE_MS = 10 * 60_000

interface PooledConnection {
  chain: Promise<SshChain>
  busy: number
  waiting: (() => void)[]
  lastUsed: number
  tunnels: Set<Server>
}

export interface SshPoolOptions {
  /** The hops (jump hosts first) for a target, secrets unsealed in memory only now. */
  endpoints: (targetId: string) => SshEndpoint[]
  trust: () => HostTrust
  /** A name for messages (the target's name). */
  nameOf: (targetId: string) => string
  now?: () => number
}

export class SshPool {
  private readonly connections = new Map<string, PooledConnection>()
  private readonly idleTimer: ReturnType<typeof setInterval>
  private readonly now: () => number

  constructor(private readonly opts: SshPoolOptions) {
    this.now = opts.now ?? Date.now
    this.idleTimer = setInterval(() => this.closeIdle(), 60_000)
    this.idleTimer.unref?.()
  }

  /** Runs a command without a pty and collects its output; never leaves the command running. */
  async exec(targetId: string, command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    try {
      return await this.execPooled(targetId, command, opts)
    } catch (err) {
      // The pooled connection died before its 'close' reached us (a server restart, a laptop
      // resuming from sleep): replace it once, transparently, instead of failing the command.
      if (!(err instanceof StaleConnectionError)) throw err
      this.forget(targetId)
      return await this.execPooled(targetId, command, opts)
    }
  }

  private async execPooled(
    targetId: string,
    command: string,
    opts: ExecOptions,
  ): Promise<ExecResult> {
    const pooled = this.pooled(targetId)
    await this.acquire(pooled)
    try {
      return await this.execOnce(targetId, pooled, command, opts)
    } finally {
      this.release(pooled)
    }
  }

  /** Opens a local listener that forwards each accepted socket over the target's connection. */
  async tunnel(targetId: string, remoteHost: string, remotePort: number): Promise<Tunnel> {
    const pooled = this.pooled(targetId)
    // Connect now so a wrong password or changed host key fails here, not on first use.
    await pooled.chain
    const server = createServer(
      (socket) => void this.forward(targetId, socket, remoteHost, remotePort),
    )
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    pooled.tunnels.add(server)
    const address = server.address()
    const localPort = typeof address === 'object' && address ? address.port : 0
    return {
      localPort,
      close: () => {
        pooled.tunnels.delete(server)
        server.close()
      },
    }
  }

  /** Drops the target's connection (its settings changed, or the responder asked). */
  forget(targetId: string): void {
    const pooled = this.connections.get(targetId)
    if (!pooled) return
    this.connections.delete(targetId)
    for (const server of pooled.tunnels) server.close()
    pooled.chain.then((c) => c.close()).catch(() => undefined)
  }

  /** Drops every connection (another database was opened: its targets are not these). */
  forgetAll(): void {
    for (const id of [...this.connections.keys()]) this.forget(id)
  }

  close(): void {
    clearInterval(this.idleTimer)
    this.forgetAll()
  }

  private pooled(targetId: string): PooledConnection {
    let pooled = this.connections.get(targetId)
    if (pooled) {
      pooled.lastUsed = this.now()
      return pooled
    }
    let endpoints: SshEndpoint[]
    try {
      endpoints = this.opts.endpoints(targetId)
    } catch (err) {
      // No connection attempt was made: nothing to cache.
      const failed: PooledConnection = {
        chain: Promise.reject(err instanceof Error ? err : new Error(String(err))),
        busy: 0,
        waiting: [],
        lastUsed: this.now(),
        tunnels: new Set(),
      }
      failed.chain.catch(() => undefined)
      return failed
    }
    const chain = connectChain(endpoints, this.opts.trust())
    pooled = { chain, busy: 0, waiting: [], lastUsed: this.now(), tunnels: new Set() }
    const entry = pooled
    this.connections.set(targetId, entry)
    chain.then(
      (c) => {
        // A dropped connection is forgotten so the next use reconnects instead of failing.
        const drop = (): void => {
          if (this.connections.get(targetId) === entry) this.forget(targetId)
        }
        c.client.once('close', drop)
        c.client.once('error', drop)
      },
      () => {
        // A failed login is not cached: the responder fixes the password and tries again.
        if (this.connections.get(targetId) === entry) this.connections.delete(targetId)
      },
    )
    return entry
  }

  private acquire(pooled: PooledConnection): Promise<void> {
    if (pooled.busy < MAX_CHANNELS) {
      pooled.busy++
      return Promise.resolve()
    }
    return new Promise((resolve) =>
      pooled.waiting.push(() => {
        pooled.busy++
        resolve()
      }),
    )
  }

  private release(pooled: PooledConnection): void {
    pooled.busy--
    pooled.lastUsed = this.now()
    pooled.waiting.shift()?.()
  }

  private async execOnce(
    targetId: string,
    pooled: PooledConnection,
    command: string,
    opts: ExecOptions,
  ): Promise<ExecResult> {
    const { client } = await pooled.chain
    const name = this.opts.nameOf(targetId)
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
    return new Promise<ExecResult>((resolve, reject) => {
      const stale = (why: string): StaleConnectionError =>
        new StaleConnectionError(
          `${name} refused to run the command (${why}). The connection may have dropped; try again.`,
        )
      const run = (fn: () => void): void => {
        try {
          fn()
        } catch (err) {
          // ssh2 throws at once when the socket is already gone.
          reject(stale(err instanceof Error ? err.message : String(err)))
        }
      }
      run(() =>
        client.exec(command, (err, stream) => {
          if (err) {
            reject(stale(err.message))
            return
          }
          const output = new CapturedOutput(maxBytes)
          let exitCode: number | null = null
          let exitSignal: string | null = null
          let finished = false
          const result = (): ExecResult => output.result(exitCode, exitSignal)
          const stop = (error: Error): void => {
            if (finished) return
            finished = true
            clearTimeout(timer)
            opts.signal?.removeEventListener('abort', onAbort)
            // Without a pty, closing the channel is what reaches the remote command; ask first.
            try {
              stream.signal('KILL')
            } catch {
              // Older servers do not support signals; closing the channel below still ends it.
            }
            stream.close()
            reject(error)
          }
          const timer = setTimeout(
            () => stop(new ExecTimeoutError(name, timeoutMs, result())),
            timeoutMs,
          )
          const onAbort = (): void =>
            stop(new SitrepError('cancelled', `The command on ${name} was cancelled.`))
          if (opts.signal?.aborted) return onAbort()
          opts.signal?.addEventListener('abort', onAbort, { once: true })
          stream.on('data', output.stdout)
          stream.stderr.on('data', output.stderr)
          stream.on('exit', (code: number | null, signal?: string) => {
            exitCode = typeof code === 'number' ? code : null
            exitSignal = signal ?? null
          })
          stream.on('close', () => {
            if (finished) return
            finished = true
            clearTimeout(timer)
            opts.signal?.removeEventListener('abort', onAbort)
            resolve(result())
          })
          if (opts.stdin !== undefined) stream.end(opts.stdin)
          else stream.end()
        }),
      )
    })
  }

  private async forward(
    targetId: string,
    socket: Socket,
    remoteHost: string,
    remotePort: number,
  ): Promise<void> {
    socket.on('error', () => socket.destroy())
    try {
      const { client } = await this.pooled(targetId).chain
      client.forwardOut(
        '127.0.0.1',
        socket.remotePort ?? 0,
        remoteHost,
        remotePort,
        (err, stream) => {
          if (err) {
            socket.destroy()
            return
          }
          stream.on('error', () => socket.destroy())
          socket.pipe(stream).pipe(socket)
          socket.on('close', () => stream.close())
          stream.on('close', () => socket.destroy())
        },
      )
    } catch {
      socket.destroy()
    }
  }

  private closeIdle(): void {
    const cutoff = this.now() - IDLE_CLOSE_MS
    for (const [id, pooled] of this.connections) {
      if (pooled.busy === 0 && pooled.tunnels.size === 0 && pooled.lastUsed < cutoff)
        this.forget(id)
    }
  }
}
