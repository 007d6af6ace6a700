// A log file on a host followed through the target's pooled SSH connection: `tail -F -n 0` on
// the host (no agent; GNU tail follows the name, so a rotated file is reopened), its output cut
// into lines here. The access-log and error-log sources share it.
//
// The follower does not reconnect on its own: the source's poll calls ensure(), so a dropped
// stream is retried on the runner's backoff and the failure is the source's visible error.
import { MetricSourceError, errorText, type SshAccess } from '../collector'
import type { Follow } from '../../sessions/domain'

/** Lines longer than this are counted as unreadable and skipped to their end. */
export const MAX_LINE_BYTES = 16 * 1024
const NOTES = 5

/** A path as one POSIX shell word. NUL and line breaks are refused: no shell can carry them. */
export function shellWord(value: string): string {
  if (/[\0\r\n]/.test(value))
    throw new MetricSourceError('A log path cannot hold a NUL byte or a line break.')
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The host command: `--` so a path starting with `-` is not read as an option. */
export function tailCommand(path: string): string {
  return `exec tail -F -n 0 -- ${shellWord(path)}`
}

/** Bytes in, whole lines out; a line past the cap is reported once, as overlong. */
export class LineSplitter {
  private carry: Buffer[] = []
  private carried = 0
  private skipping = false

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl < 0) break
      if (this.skipping) this.skipping = false
      else if (this.carried + (nl - start) > this.maxBytes) this.onOverlong()
      else {
        const piece = chunk.subarray(start, nl)
        const bytes = this.carried ? Buffer.concat([...this.carry, piece]) : piece
        let end = bytes.length
        if (end > 0 && bytes[end - 1] === 13) end--
        // Invalid UTF-8 becomes U+FFFD: a broken byte never breaks the line around it.
        this.onLine(bytes.toString('utf8', 0, end))
      }
      this.carry = []
      this.carried = 0
      start = nl + 1
    }
    if (start >= chunk.length || this.skipping) return
    const rest = chunk.subarray(start)
    if (this.carried + rest.length > this.maxBytes) {
      this.onOverlong()
      this.skipping = true
      this.carry = []
      this.carried = 0
      return
    }
    // Copied: the pool may reuse the chunk's memory.
    this.carry.push(Buffer.from(rest))
    this.carried += rest.length
  }
}

export interface FollowState {
  /** following: the tail runs; down: it stopped and the next poll starts it again. */
  state: 'starting' | 'following' | 'down'
  since: number | null
  /** How many times the stream had to be started again after it stopped. */
  restarts: number
  /** Why it last stopped, in the responder's words. */
  lastDrop: { at: number; reason: string } | null
  /** What tail itself said last (a missing file, a rotation it followed), newest last. */
  notes: string[]
}

export class LogFollower {
  private follow: Follow | null = null
  private starting: Promise<void> | null = null
  private closed = false
  private readonly splitter: LineSplitter
  private stderrCarry = ''
  /** What tail last said about the file it cannot read, until it reads it again. */
  private problem: string | null = null
  readonly status: FollowState = {
    state: 'starting',
    since: null,
    restarts: 0,
    lastDrop: null,
    notes: [],
  }

  constructor(
    private readonly ssh: SshAccess,
    private readonly targetId: string,
    private readonly path: string,
    private readonly now: () => number,
    onLine: (line: string) => void,
    onOverlong: () => void,
  ) {
    this.splitter = new LineSplitter(onLine, onOverlong)
    // Checked now so a bad path is the source's error from the start.
    tailCommand(path)
  }

  /**
   * Starts the tail if it is not running; throws (the source's error) when it cannot, or when
   * tail runs but cannot read the file (it keeps trying; the source recovers once it can).
   */
  async ensure(): Promise<void> {
    if (!this.follow && !this.closed) {
      this.starting ??= this.start().finally(() => (this.starting = null))
      await this.starting
    }
    const problem = this.fileProblem()
    if (problem)
      throw new MetricSourceError(
        `${this.path} cannot be read on the host: ${problem}. tail keeps trying; the source recovers as soon as the file is readable.`,
      )
  }

  private async start(): Promise<void> {
    const wasDown = this.status.state === 'down'
    let f: Follow
    try {
      f = await this.ssh.follow(this.targetId, tailCommand(this.path), {
        stdout: (d) => {
          this.problem = null
          this.splitter.push(d)
        },
        stderr: (d) => this.stderr(d),
      })
    } catch (err) {
      const why = this.status.lastDrop
        ? `The tail of ${this.path} stopped (${this.status.lastDrop.reason}) and could not start again: ${errorText(err)}`
        : `Could not start following ${this.path}: ${errorText(err)}`
      throw new MetricSourceError(why, { cause: err })
    }
    if (this.closed) {
      f.close()
      return
    }
    this.follow = f
    this.problem = null
    if (wasDown) {
      this.status.restarts += 1
      // Lines written while the tail was down are not read: -n 0 starts at the end again.
      this.note(
        `Following again after: ${this.status.lastDrop?.reason ?? 'a stop'}; lines written meanwhile were missed.`,
      )
    }
    this.status.state = 'following'
    this.status.since = this.now()
    void f.ended.then((end) => {
      if (this.follow !== f) return
      this.follow = null
      if (this.closed) return
      const reason = end.connectionLost
        ? 'the SSH connection dropped'
        : end.exitCode === 127
          ? 'tail is not installed on the host'
          : `tail ended (${end.exitCode !== null ? `exit ${end.exitCode}` : `signal ${end.signal ?? '?'}`})`
      this.status.state = 'down'
      this.status.lastDrop = { at: this.now(), reason }
    })
  }

  private stderr(d: Buffer): void {
    const text = this.stderrCarry + d.toString('utf8')
    const lines = text.split('\n')
    this.stderrCarry = (lines.pop() ?? '').slice(0, 2_000)
    for (const l of lines) {
      const line = l.trim()
      if (!line) continue
      this.note(line)
      // GNU tail -F keeps retrying a missing or unreadable file and says so on stderr; the
      // source must not look healthy with nothing to read.
      if (
        /cannot open|has become inaccessible|cannot follow|Permission denied|No such file/i.test(
          line,
        )
      )
        this.problem = line
      else if (/has appeared|has been replaced|following new file/i.test(line)) this.problem = null
    }
  }

  /** tail's complaint about the file while it cannot read it (missing, no permission), or null. */
  fileProblem(): string | null {
    return this.status.state === 'following' ? this.problem : null
  }

  /** Keeps what tail said (or what the source says about the stream) for the card. */
  note(line: string): void {
    this.status.notes.push(line.length > 300 ? `${line.slice(0, 299)}…` : line)
    if (this.status.notes.length > NOTES) this.status.notes.shift()
  }

  close(): void {
    this.closed = true
    const f = this.follow
    this.follow = null
    f?.close()
  }
}
