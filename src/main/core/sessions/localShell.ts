// A shell on the responder's own machine in a real pty (node-pty). Used for the default pane and,
// later, for kubectl and psql which run locally.
import { homedir } from 'node:os'
import * as pty from 'node-pty'
import { SessionFailedError } from '../errors'
import type { TerminalSource } from './terminalSource'

export interface LocalSpawn {
  file: string
  args: string[]
  cols: number
  rows: number
  cwd?: string
  env?: Record<string, string>
}

/**
 * The responder's login shell, or SITREP_SHELL ("program arg arg…") when set: tests use it to
 * skip rc files (a slow ~/.bashrc must not decide whether a test passes).
 */
export function defaultShell(env: NodeJS.ProcessEnv = process.env): {
  file: string
  args: string[]
} {
  const custom = env.SITREP_SHELL?.trim()
  if (custom) {
    const [file, ...args] = custom.split(/\s+/)
    return { file: file as string, args }
  }
  if (process.platform === 'win32') return { file: env.COMSPEC ?? 'powershell.exe', args: [] }
  return { file: env.SHELL || '/bin/bash', args: ['-l'] }
}

export function spawnLocal(spec: LocalSpawn): TerminalSource {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  Object.assign(env, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, spec.env)
  let proc: pty.IPty
  try {
    proc = pty.spawn(spec.file, spec.args, {
      name: 'xterm-256color',
      cols: spec.cols,
      rows: spec.rows,
      cwd: spec.cwd ?? homedir(),
      env,
      // Raw bytes, not strings: the recorder and the terminal want exactly what the program wrote.
      encoding: null,
    })
  } catch (err) {
    throw new SessionFailedError(
      `Could not start ${spec.file}: ${err instanceof Error ? err.message : String(err)}. Check that the program exists and is executable.`,
      { cause: err },
    )
  }
  let exited = false
  return {
    onData: (listener) => {
      proc.onData((d: string | Buffer) => {
        const buf = typeof d === 'string' ? Buffer.from(d, 'utf8') : d
        listener(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength))
      })
    },
    onExit: (listener) => {
      proc.onExit(({ exitCode, signal }) => {
        exited = true
        listener(signal ? 128 + signal : exitCode, null)
      })
    },
    write: (bytes) => {
      if (!exited) proc.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    },
    resize: (cols, rows) => {
      if (!exited) proc.resize(cols, rows)
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    kill: () => {
      if (!exited) proc.kill()
    },
  }
}
