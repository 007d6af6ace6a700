// An interactive shell on a remote host as a TerminalSource. When the connection drops, it
// reconnects with backoff and opens a new shell in the same session, so the transcript carries
// on in the same record and the pane shows "reconnecting" instead of dying.
import type { ClientChannel } from 'ssh2'
import { SitrepError } from '../../errors'
import type { TerminalSource } from '../terminalSource'
import { connectChain, type SshChain, type SshEndpoint } from './sshConnection'
import type { HostTrust } from './hostTrust'

export interface SshShellOptions {
  hops: SshEndpoint[]
  trust: HostTrust
  cols: number
  rows: number
  /** Backoff between reconnect attempts, in ms; the last value repeats. */
  backoffMs?: number[]
  maxAttempts?: number
  onState?: (state: 'connecting' | 'connected' | 'reconnecting', detail: string | null) => void
}

/** Errors that reconnecting cannot fix: the responder has to act first. */
function isFinal(err: unknown): boolean {
  return (
    err instanceof SitrepError &&
    (err.code === 'auth_failed' ||
      err.code === 'host_key_changed' ||
      err.code === 'host_key_rejected')
  )
}

function openShell(chain: SshChain, cols: number, rows: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    chain.client.shell({ term: 'xterm-256color', cols, rows }, (err, stream) =>
      err ? reject(err) : resolve(stream),
    )
  })
}

/** Resolves once the first connection and shell are up; later drops reconnect by themselves. */
export async function spawnSshShell(opts: SshShellOptions): Promise<TerminalSource> {
  const dataListeners: ((b: Uint8Array) => void)[] = []
  const exitListeners: ((code: number | null, error: string | null) => void)[] = []
  const backoff = opts.backoffMs ?? [500, 1000, 2000, 5000, 10000]
  const maxAttempts = opts.maxAttempts ?? 20
  let cols = opts.cols
  let rows = opts.rows
  let chain: SshChain | null = null
  let stream: ClientChannel | null = null
  let killed = false
  let paused = false

  const emitData = (d: Buffer): void => {
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
    for (const l of dataListeners) l(bytes)
  }
  const exit = (code: number | null, error: string | null): void => {
    for (const l of exitListeners.splice(0)) l(code, error)
  }

  async function attach(): Promise<void> {
    chain = await connectChain(opts.hops, opts.trust)
    stream = await openShell(chain, cols, rows)
    if (paused) stream.pause()
    stream.on('data', emitData)
    stream.stderr.on('data', emitData)
    let exitCode: number | null = null
    stream.on('exit', (code: number | null) => {
      exitCode = code
    })
    const current = chain
    stream.on('close', () => {
      current.close()
      // A shell that exited (the user typed exit) ends the session; a dropped link reconnects.
      if (killed || exitCode !== null) return exit(exitCode ?? 0, null)
      void reconnect('the connection dropped')
    })
    current.client.on('close', () => {
      if (!killed && exitCode === null && stream) stream.destroy()
    })
  }

  async function reconnect(why: string): Promise<void> {
    for (let attempt = 0; attempt < maxAttempts && !killed; attempt++) {
      opts.onState?.('reconnecting', `${why}; attempt ${attempt + 1}`)
      await new Promise((r) => setTimeout(r, backoff[Math.min(attempt, backoff.length - 1)]))
      if (killed) return
      try {
        await attach()
        opts.onState?.('connected', null)
        return
      } catch (err) {
        if (isFinal(err)) return exit(null, err instanceof Error ? err.message : String(err))
        why = err instanceof Error ? err.message : String(err)
      }
    }
    if (!killed) exit(null, `Gave up reconnecting after ${maxAttempts} attempts: ${why}`)
  }

  opts.onState?.('connecting', null)
  await attach()
  opts.onState?.('connected', null)

  return {
    onData: (l) => void dataListeners.push(l),
    onExit: (l) => void exitListeners.push(l),
    write: (bytes) => {
      stream?.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    },
    resize: (c, r) => {
      cols = c
      rows = r
      stream?.setWindow(r, c, 0, 0)
    },
    pause: () => {
      paused = true
      stream?.pause()
    },
    resume: () => {
      paused = false
      stream?.resume()
    },
    kill: () => {
      if (killed) return
      killed = true
      if (stream) stream.close()
      chain?.close()
      if (!stream) exit(null, null)
    },
  }
}
