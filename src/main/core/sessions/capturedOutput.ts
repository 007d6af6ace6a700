// What a captured command printed, for runbook runs and metric polls on any target (a local
// child process or an ssh2 exec channel): stdout and stderr kept apart, each up to a cap so a
// runaway command cannot fill memory, with the excess counted as truncated rather than kept.
import { performance } from 'node:perf_hooks'

export interface ExecResult {
  stdout: string
  stderr: string
  exitCode: number | null
  signal: string | null
  durationMs: number
  truncated: boolean
  /**
   * SSH only, when slow: how long the login shell of the target took to start a bare command
   * (its rc files run for every exec); part of durationMs, not the command's own time.
   */
  shellStartupMs?: number
}

export class CapturedOutput {
  private readonly out: Buffer[] = []
  private readonly err: Buffer[] = []
  private readonly kept = { out: 0, err: 0 }
  private truncated = false
  /**
   * Durations are measured on the monotonic clock: wall-clock jumps must not skew them. An SSH
   * exec passes the moment it asked for the channel: the remote command may start before the
   * channel's confirmation arrives here, and a duration shorter than the command's own sleep
   * would read as a lie.
   */
  constructor(
    private readonly maxBytes: number,
    private readonly started = performance.now(),
  ) {}

  readonly stdout = (chunk: Buffer): void => this.collect(this.out, 'out', chunk)
  readonly stderr = (chunk: Buffer): void => this.collect(this.err, 'err', chunk)

  result(exitCode: number | null, signal: string | null): ExecResult {
    return {
      stdout: Buffer.concat(this.out).toString('utf8'),
      stderr: Buffer.concat(this.err).toString('utf8'),
      exitCode,
      signal,
      durationMs: Math.round(performance.now() - this.started),
      truncated: this.truncated,
    }
  }

  private collect(into: Buffer[], which: 'out' | 'err', chunk: Buffer): void {
    const room = this.maxBytes - this.kept[which]
    if (room <= 0) {
      this.truncated = true
      return
    }
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (piece.length < chunk.length) this.truncated = true
    into.push(piece)
    this.kept[which] += piece.length
  }
}
