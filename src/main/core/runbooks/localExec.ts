// Runs a runbook command on this machine as a captured exec, with the same result shape as an
// SSH exec. The shell is SITREP_SHELL (tests use a bash without rc files: root's .bashrc can
// hang) or plain bash; the command gets its own process group so a timeout ends all of it.
import { spawn } from 'node:child_process'
import { SitrepError } from '../errors'
import { CapturedOutput, type ExecOptions, type ExecResult } from '../sessions/domain'

const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_MAX_BYTES = 1 << 20

export class LocalExecTimeoutError extends SitrepError {
  constructor(
    readonly timeoutMs: number,
    readonly partial: ExecResult,
  ) {
    super(
      'exec_timeout',
      `The command on this machine did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. Run it in a terminal pane to watch it, or raise the timeout.`,
    )
  }
}

function shellWords(): string[] {
  const configured = (process.env.SITREP_SHELL ?? '').trim()
  const words = configured === '' ? ['/bin/bash', '--noprofile', '--norc'] : configured.split(/\s+/)
  return words
}

/**
 * `env` adds to (and overrides) this process's environment: a target's KUBECONFIG, PG* or
 * AWS_PROFILE; a key set to undefined is left out (an AWS profile drops environment keys).
 */
export function execLocal(
  command: string,
  opts: ExecOptions = {},
  env: Record<string, string | undefined> = {},
): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  const [shell, ...args] = shellWords()
  return new Promise((resolve, reject) => {
    const child = spawn(shell ?? '/bin/bash', [...args, '-c', command], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      // History files would collect every command a runbook ran (and what psql was sent).
      env: { ...process.env, ...env, HISTFILE: '/dev/null', PSQL_HISTORY: '/dev/null' },
    })
    const output = new CapturedOutput(maxBytes)
    let done = false
    const result = (exitCode: number | null, signal: string | null): ExecResult =>
      output.result(exitCode, signal)
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const finish = (fn: () => void): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const timer = setTimeout(() => {
      killGroup()
      finish(() => reject(new LocalExecTimeoutError(timeoutMs, result(null, 'KILL'))))
    }, timeoutMs)
    const onAbort = (): void => {
      killGroup()
      finish(() =>
        reject(new SitrepError('cancelled', 'The command on this machine was cancelled.')),
      )
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', output.stdout)
    child.stderr.on('data', output.stderr)
    child.on('error', (e) =>
      finish(() =>
        reject(
          new SitrepError(
            'session_failed',
            `The local shell ${shell ?? ''} could not start (${e.message}). Check SITREP_SHELL.`,
          ),
        ),
      ),
    )
    child.on('close', (code, signal) => finish(() => resolve(result(code, signal))))
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.stdin ?? '')
  })
}
