// `kubectl exec` over the WebSocket remotecommand protocol (what kubectl ≥ 1.30 speaks by default,
// KUBECTL_REMOTE_COMMAND_WEBSOCKETS): every binary message is [channel byte][data]; channel 0
// stdin, 1 stdout, 2 stderr, 3 the final metav1.Status, 4 resize ({"Width","Height"}); v5 adds
// [255, channel] for "this stream is closed". The "container" is a real local process: bash in a
// real pty for -it, plain pipes otherwise, in a per-pod working directory.
import { spawn as spawnChild } from 'node:child_process'
import type { IncomingMessage } from 'node:http'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import { join } from 'node:path'
import * as pty from 'node-pty'
import { WebSocketServer, type WebSocket } from 'ws'

const STDIN = 0
const STDOUT = 1
const STDERR = 2
const ERROR = 3
const RESIZE = 4
const CLOSE = 255

/** Offered by kubectl 1.30+; v4 is the same framing without the CLOSE channel. */
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io']

export interface ExecRequest {
  namespace: string
  pod: string
  container: string
  command: string[]
  tty: boolean
  stdin: boolean
}

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/bash'])

function statusFor(exitCode: number): Buffer {
  const status =
    exitCode === 0
      ? { metadata: {}, status: 'Success' }
      : {
          metadata: {},
          status: 'Failure',
          message: `command terminated with non-zero exit code: exit status ${exitCode}`,
          reason: 'NonZeroExitCode',
          details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
        }
  return Buffer.concat([Buffer.from([ERROR]), Buffer.from(JSON.stringify(status))])
}

export class ExecServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  })
  private readonly kills = new Set<() => void>()

  constructor(private readonly rootDir: string) {}

  /**
   * The "image's" bin dir: a `bash` that skips the machine's rc files (/etc/bash.bashrc would
   * set its own prompt, root's ~/.bashrc may hang), so `exec bash` inside a pod behaves like a
   * container's plain bash with the pod's PS1 (set here again: a `bash -c` in between unsets
   * PS1 for its children).
   */
  private binDir(): string {
    const dir = join(this.rootDir, 'bin')
    const bash = join(dir, 'bash')
    if (!existsSync(bash)) {
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        bash,
        '#!/bin/sh\nPS1="$POD_NAME:\\w# " exec /bin/bash --noprofile --norc "$@"\n',
        { mode: 0o755 },
      )
    }
    return dir
  }

  /** Completes the upgrade and runs the command; `rejectReason` is written for a bad request. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, exec: ExecRequest): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.run(ws, exec))
  }

  private run(ws: WebSocket, exec: ExecRequest): void {
    const cwd = join(this.rootDir, 'pods', exec.namespace, exec.pod)
    mkdirSync(cwd, { recursive: true })
    const [first, ...rest] = exec.command
    // A bare `sh`/`bash` becomes bash without rc files: root's .bashrc may hang (see vitest config).
    const [file, args] =
      first === undefined || SHELLS.has(first)
        ? ['/bin/bash', ['--noprofile', '--norc', ...(first ? rest : [])]]
        : [first, rest]
    const env: Record<string, string> = {
      PATH: `${this.binDir()}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: cwd,
      HOSTNAME: exec.pod,
      HISTFILE: '/dev/null',
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      PS1: `${exec.pod}:\\w# `,
      POD_NAME: exec.pod,
      POD_NAMESPACE: exec.namespace,
      CONTAINER_NAME: exec.container,
    }
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]))
    }
    const finish = (code: number): void => {
      if (ws.readyState === ws.OPEN) {
        ws.send(statusFor(code))
        ws.close(1000)
      }
    }
    if (exec.tty) this.runTty(ws, file, args, cwd, env, send, finish)
    else this.runPiped(ws, file, args, cwd, env, exec.stdin, send, finish)
  }

  private runTty(
    ws: WebSocket,
    file: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
    send: (channel: number, data: Buffer) => void,
    finish: (code: number) => void,
  ): void {
    let proc: pty.IPty
    try {
      proc = pty.spawn(file, args, {
        name: 'xterm-256color',
        cols: 80,
        rows: 24,
        cwd,
        env,
        encoding: null,
      })
    } catch (err) {
      send(STDOUT, Buffer.from(`exec: ${err instanceof Error ? err.message : String(err)}\r\n`))
      finish(127)
      return
    }
    let exited = false
    const kill = (): void => {
      if (!exited) proc.kill('SIGKILL')
    }
    this.kills.add(kill)
    proc.onData((d: string | Buffer) => send(STDOUT, typeof d === 'string' ? Buffer.from(d) : d))
    proc.onExit(({ exitCode, signal }) => {
      exited = true
      this.kills.delete(kill)
      // Let the last output flush before the status frame ends the stream.
      setTimeout(() => finish(signal ? 128 + signal : exitCode), 20)
    })
    ws.on('message', (raw: Buffer) => {
      const channel = raw[0]
      const data = raw.subarray(1)
      if (channel === STDIN && !exited) proc.write(data as unknown as string)
      else if (channel === RESIZE && !exited) {
        try {
          const { Width, Height } = JSON.parse(data.toString('utf8')) as {
            Width: number
            Height: number
          }
          if (Width > 0 && Height > 0) proc.resize(Width, Height)
        } catch {
          // A malformed resize is ignored, as the kubelet does.
        }
      } else if (channel === CLOSE && data[0] === STDIN && !exited) proc.write('\x04')
    })
    ws.on('close', kill)
  }

  private runPiped(
    ws: WebSocket,
    file: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
    stdin: boolean,
    send: (channel: number, data: Buffer) => void,
    finish: (code: number) => void,
  ): void {
    const child = spawnChild(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    this.kills.add(kill)
    if (!stdin) child.stdin.end()
    child.stdout.on('data', (d: Buffer) => send(STDOUT, d))
    child.stderr.on('data', (d: Buffer) => send(STDERR, d))
    child.on('error', (err) => {
      send(STDERR, Buffer.from(`exec: ${err.message}\n`))
    })
    child.on('close', (code, signal) => {
      this.kills.delete(kill)
      finish(signal ? 137 : (code ?? 1))
    })
    ws.on('message', (raw: Buffer) => {
      const channel = raw[0]
      const data = raw.subarray(1)
      if (channel === STDIN && child.stdin.writable) child.stdin.write(data)
      else if (channel === CLOSE && data[0] === STDIN) child.stdin.end()
    })
    ws.on('close', kill)
  }

  close(): void {
    for (const kill of this.kills) kill()
    this.kills.clear()
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
  }
}
