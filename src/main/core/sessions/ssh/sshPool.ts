// One reusable ssh2 connection per saved target, for everything that is not an interactive
// shell: runbook commands run as captured execs, host metrics polled every few seconds, and
// tunnels to PostgreSQL/Prometheus/health endpoints behind a bastion. Reusing the connection
// matters: a login per poll would flood the host's auth log and cost a handshake each time.
import { createServer, type Server, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
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

/** A command left running whose output arrives as it comes (`tail -F` of a log). */
export interface Follow {
  /** Stops the remote command and closes its channel. */
  close(): void
  /** Settles once the channel closed: the command ended, the connection dropped, or close(). */
  readonly ended: Promise<FollowEnd>
}

export interface FollowEnd {
  exitCode: number | null
  signal: string | null
  /** The connection went away under the command (no exit status came back). */
  connectionLost: boolean
}

export interface FollowHandlers {
  stdout(chunk: Buffer): void
  stderr(chunk: Buffer): void
}

export class ExecTimeoutError extends SitrepError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    /** What the command printed before it was stopped: often the clue to why it hung. */
    readonly partial: ExecResult,
    /** Set when the host's login shell itself is what takes the time (see ShellStartup). */
    slowShell?: string,
  ) {
    super(
      'exec_timeout',
      slowShell ??
        `The command on ${target} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. Run it in a terminal pane to watch it, or raise the timeout.`,
    )
  }
}

/**
 * OpenSSH runs every command as `$SHELL -c command`, and bash run by sshd reads ~/.bashrc first
 * (Debian builds it that way), so a host whose rc file is slow (a version manager's init, a
 * network mount) makes every captured command, metric poll and runbook step slow, and an rc
 * file that prints a banner puts it in front of every output. Sitrep cannot skip the rc file
 * (there is no way around the account's shell over SSH), so it measures it instead: on each new
 * connection a bare `true` runs beside the first command; what that takes is the shell's
 * start-up, and what it prints is the rc files' own output. Slow start-ups are reported with
 * the cause; the banner is removed from the front of outputs.
 */
export const SLOW_SHELL_MS = 2_000
/** How long the first command's result waits for the probe that started beside it. */
const PROBE_GRACE_MS = 5_000
/** The probe gives up after this; a shell that slow is reported as "at least" this. */
const PROBE_LIMIT_MS = 10 * 60_000

interface ShellStartup {
  readonly startedAt: number
  /** Resolves when the probe finished or gave up. */
  readonly done: Promise<void>
  /** Set once the probe finished (or gave up, with ms = PROBE_LIMIT_MS). */
  ms?: number
  preamble?: { stdout: string; stderr: string }
}

/** The responder's words for a slow login shell: what it costs and what to change. */
export function slowShellMessage(target: string, ms: number, finished: boolean): string {
  const s = (ms / 1000).toFixed(1)
  const cost = finished
    ? `${target}'s login shell takes ${s} s to start before each command runs`
    : `${target}'s login shell has not started a bare \`true\` after ${s} s either`
  return (
    `${cost}: OpenSSH runs every command through the account's shell, and bash reads ~/.bashrc ` +
    `(and whatever it calls) each time. Make ~/.bashrc return early for non-interactive shells ` +
    `(\`[[ $- == *i* ]] || return\` at its top), or use an account whose rc files are quick.`
  )
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
  startup?: ShellStartup
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

  /**
   * Starts a command that keeps running on the target's pooled connection and hands its output
   * over as it arrives. The channel counts against the connection's sessions until it ends.
   */
  async follow(targetId: string, command: string, handlers: FollowHandlers): Promise<Follow> {
    try {
      return await this.followPooled(targetId, command, handlers)
    } catch (err) {
      if (!(err instanceof StaleConnectionError)) throw err
      this.forget(targetId)
      return await this.followPooled(targetId, command, handlers)
    }
  }

  private async followPooled(
    targetId: string,
    command: string,
    handlers: FollowHandlers,
  ): Promise<Follow> {
    const pooled = this.pooled(targetId)
    await this.acquire(pooled)
    let client: SshChain['client']
    try {
      client = (await pooled.chain).client
    } catch (err) {
      this.release(pooled)
      throw err
    }
    const name = this.opts.nameOf(targetId)
    return new Promise<Follow>((resolve, reject) => {
      const refused = (why: string): void => {
        this.release(pooled)
        reject(
          new StaleConnectionError(
            `${name} refused to run the command (${why}). The connection may have dropped; try again.`,
          ),
        )
      }
      try {
        client.exec(command, (err, stream) => {
          if (err) return refused(err.message)
          let exitCode: number | null = null
          let signal: string | null = null
          let exited = false
          let settle: (e: FollowEnd) => void = () => undefined
          const ended = new Promise<FollowEnd>((r) => (settle = r))
          stream.on('data', (d: Buffer) => handlers.stdout(d))
          stream.stderr.on('data', (d: Buffer) => handlers.stderr(d))
          stream.on('exit', (code: number | null, sig?: string) => {
            exited = true
            exitCode = typeof code === 'number' ? code : null
            signal = sig ?? null
          })
          stream.on('error', () => undefined)
          stream.on('close', () => {
            this.release(pooled)
            settle({ exitCode, signal, connectionLost: !exited })
          })
          stream.end()
          resolve({
            ended,
            close: () => {
              try {
                stream.signal('KILL')
              } catch {
                // Closing the channel below still ends a command that reads no input.
              }
              stream.close()
            },
          })
        })
      } catch (err) {
        refused(err instanceof Error ? err.message : String(err))
      }
    })
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
    const startup = (pooled.startup ??= this.probeShell(client))
    const slowShell = (): string | undefined => {
      const elapsed = startup.ms ?? this.now() - startup.startedAt
      if (elapsed < SLOW_SHELL_MS || elapsed < timeoutMs / 2) return undefined
      return `The command on ${name} was stopped after ${Math.round(timeoutMs / 1000)} s, and the time went to the host, not the command: ${slowShellMessage(name, elapsed, startup.ms !== undefined)}`
    }
    const finish = (r: ExecResult): ExecResult => withoutPreamble(r, startup)
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
      const asked = performance.now()
      run(() =>
        client.exec(command, (err, stream) => {
          if (err) {
            reject(stale(err.message))
            return
          }
          const output = new CapturedOutput(maxBytes, asked)
          let exitCode: number | null = null
          let exitSignal: string | null = null
          let finished = false
          const result = (): ExecResult => finish(output.result(exitCode, exitSignal))
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
            () => stop(new ExecTimeoutError(name, timeoutMs, result(), slowShell())),
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
            // The probe started with this connection's first command and pays the same rc
            // files, so it ends about when the command does; on a loaded machine it can trail by
            // a second or more. Wait for it (a bounded while) so a banner is recognised on that
            // first output too: a metric parser must not read the rc file's chatter.
            void Promise.race([startup.done, delay(PROBE_GRACE_MS)]).then(() => resolve(result()))
          })
          if (opts.stdin !== undefined) stream.end(opts.stdin)
          else stream.end()
        }),
      )
    })
  }

  /** Starts measuring the login shell's start-up on this connection (see SLOW_SHELL_MS). */
  private probeShell(client: SshChain['client']): ShellStartup {
    let settle = (): void => undefined
    const startup: ShellStartup = {
      startedAt: this.now(),
      done: new Promise<void>((resolve) => (settle = resolve)),
    }
    const done = (preamble?: { stdout: string; stderr: string }): void => {
      if (startup.ms !== undefined) return
      startup.ms = this.now() - startup.startedAt
      if (preamble) startup.preamble = preamble
      settle()
    }
    try {
      client.exec('true', (err, stream) => {
        if (err) return done()
        const out = new CapturedOutput(64 * 1024)
        const limit = setTimeout(() => {
          stream.close()
          done()
        }, PROBE_LIMIT_MS)
        limit.unref?.()
        stream.on('data', out.stdout)
        stream.stderr.on('data', out.stderr)
        stream.on('close', () => {
          clearTimeout(limit)
          const r = out.result(null, null)
          done({ stdout: r.stdout, stderr: r.stderr })
        })
        stream.end()
      })
    } catch {
      done()
    }
    return startup
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

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Removes the rc files' banner from the front of a result and notes a slow start-up. */
function withoutPreamble(r: ExecResult, startup: ShellStartup): ExecResult {
  const out = { ...r }
  const p = startup.preamble
  if (p?.stdout && out.stdout.startsWith(p.stdout)) out.stdout = out.stdout.slice(p.stdout.length)
  if (p?.stderr && out.stderr.startsWith(p.stderr)) out.stderr = out.stderr.slice(p.stderr.length)
  if (startup.ms !== undefined && startup.ms >= SLOW_SHELL_MS) out.shellStartupMs = startup.ms
  return out
}
