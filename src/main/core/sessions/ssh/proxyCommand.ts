// ProxyCommand, as OpenSSH runs it: a local command whose stdin/stdout carry the SSH connection
// (`ssh -W %h:%p bastion`, `aws ssm start-session --document-name AWS-StartSSHSession …`, nc…).
// Its pipes become ssh2's socket; ssh2 still checks the host key before any credential, because
// the key exchange runs over whatever socket it is given. The command comes only from the
// responder's own ssh config (imported), never from a form or the bridge (targets.ts).
import { spawn, type ChildProcess } from 'node:child_process'
import { Duplex } from 'node:stream'
import { SitrepError } from '../../errors'

export class ProxyCommandError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('connect_failed', message, options)
  }
}

/** %h %p %r %n %% as OpenSSH expands them in ProxyCommand; any other token is refused as ssh does. */
export function expandProxyCommand(
  command: string,
  t: { host: string; port: number; user: string; alias: string },
): string {
  const values: Record<string, string> = {
    '%': '%',
    h: t.host,
    p: String(t.port),
    r: t.user,
    n: t.alias,
  }
  return command.replace(/%(.?)/g, (_whole, c: string) => {
    const v = values[c]
    if (v === undefined)
      throw new ProxyCommandError(
        `The ProxyCommand of ${t.alias} uses the token %${c}, which OpenSSH does not expand there (only %h %p %r %n %%). Fix it in your ssh config and import again.`,
      )
    return v
  })
}

const STDERR_KEEP = 4096

/** The child's pipes as one Duplex for ssh2's `sock`; destroying it kills the child. */
class ProxySocket extends Duplex {
  /** The command closed its stdout: the SSH side lost its connection because of the command. */
  outputEnded = false
  constructor(private readonly child: ChildProcess) {
    super({ allowHalfOpen: false })
    const out = child.stdout
    out?.on('data', (d: Buffer) => {
      if (!this.push(d)) out.pause()
    })
    out?.on('end', () => {
      this.outputEnded = true
      this.push(null)
    })
    out?.on('error', (err) => this.destroy(err))
    child.stdin?.on('error', () => {
      // EPIPE after the command died: its exit is reported instead.
    })
  }
  override _read(): void {
    this.child.stdout?.resume()
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (!this.child.stdin || this.child.stdin.destroyed) return done()
    this.child.stdin.write(chunk, () => done())
  }
  override _final(done: (err?: Error | null) => void): void {
    this.child.stdin?.end()
    done()
  }
  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    stopChild(this.child)
    done(err)
  }
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  // A command that ignores SIGTERM (or a wrapper that does not pass it on) is not left behind.
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }, 2_000).unref()
}

export interface ProxyProcess {
  sock: Duplex
  /** What the command wrote to stderr lately (for errors). */
  stderrTail(): string
  /** Resolves with how the command ended (or null if it still runs after `waitMs`). */
  exited(waitMs: number): Promise<string | null>
  /** The failure to report when the connection could not be made through the command. */
  failure(cause: unknown): Promise<SitrepError>
  kill(): void
}

/**
 * Starts the (already expanded) command. POSIX: `/bin/sh -c 'exec COMMAND'`, as OpenSSH does
 * (it uses $SHELL; /bin/sh is used here so no rc file of an interactive shell can run or print
 * into the SSH stream, and `exec` so the command itself, not a shell, holds the pipes and gets
 * the signal when the connection ends). Windows: cmd.exe /d /s /c, what Win32-OpenSSH uses.
 */
export function startProxyCommand(command: string, label: string): ProxyProcess {
  const child =
    process.platform === 'win32'
      ? spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], {
          stdio: ['pipe', 'pipe', 'pipe'],
          windowsVerbatimArguments: true,
          windowsHide: true,
        })
      : spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP)
  })
  let spawnError: Error | null = null
  let ended: string | null = null
  const exit = new Promise<string>((resolve) => {
    child.on('error', (err) => {
      spawnError = err
      ended = `could not be started (${err.message})`
      resolve(ended)
    })
    child.on('close', (code, signal) => {
      ended ??= signal ? `was ended by ${signal}` : `exited with code ${code ?? '?'}`
      resolve(ended)
    })
  })
  const sock = new ProxySocket(child)
  const tail = (): string => {
    const lines = stderr.trim().split(/\r?\n/).slice(-5).join(' | ')
    return lines.length > 600 ? `…${lines.slice(-600)}` : lines
  }
  const exited = (waitMs: number): Promise<string | null> =>
    ended !== null
      ? Promise.resolve(ended)
      : Promise.race([exit, new Promise<null>((r) => setTimeout(() => r(null), waitMs).unref())])
  return {
    sock,
    stderrTail: tail,
    exited,
    async failure(cause) {
      // A refused host key or a failed login is the server's answer, not the command's fault;
      // the command exits then only because Sitrep closed its stdin.
      if (cause instanceof SitrepError && cause.code !== 'connect_failed') return cause
      if (!sock.outputEnded && ended === null) {
        // Still running (a handshake timeout): what it printed is often the reason (a tunnel
        // that never opened, an SSO login waiting for a browser).
        const said = tail()
        if (!said) return cause instanceof SitrepError ? cause : wrap(cause)
        const message = cause instanceof Error ? cause.message : String(cause)
        return new ProxyCommandError(
          `${message} The ProxyCommand for ${label} (${command}) is still running and said: ${said}`,
          { cause },
        )
      }
      // The SSH side sees the pipe close first; give the process a moment to report its exit.
      const how = await exited(1_000)
      if (how === null) return cause instanceof SitrepError ? cause : wrap(cause)
      const said = tail().replace(/\.$/, '')
      return new ProxyCommandError(
        `The ProxyCommand for ${label} (${command}) ${how}${said ? `: ${said}` : ' without saying why'}. Try it in a terminal: ssh ${label}.`,
        { cause: spawnError ?? cause },
      )
    },
    kill: () => stopChild(child),
  }
}

function wrap(err: unknown): SitrepError {
  return new ProxyCommandError(err instanceof Error ? err.message : String(err), { cause: err })
}
