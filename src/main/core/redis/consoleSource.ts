// The Redis console as a pane: a terminal source whose line editor lives here (history with the
// arrow keys, backspace, Ctrl-U, Ctrl-L, Ctrl-C), so the session records what the responder
// typed as whole lines with passwords masked (redact.ts), never keystrokes. Each line goes
// through RedisConsole; on a production source a command that is not read-only is held, the
// pane asks for the source's name, and only that name runs it. Lines typed while a command runs
// wait their turn in order (a paste of several commands runs them one by one).
import { ArgvError, splitArgs } from './argv'
import { ConsoleRefusedError, needsConfirmation, type Prepared, type RedisConsole } from './console'
import { maskTyping, redactArgv } from './redact'
import { safeText } from './replyText'
import type { TerminalSource, TypedLine } from '../sessions/domain'

/** A command the responder confirmed on a production source ran: it goes on the timeline. */
export interface ConfirmedCommand {
  command: string
  text: string
  isError: boolean
  durationMs: number
  why: string
}

export interface ConsoleSourceOptions {
  console: RedisConsole
  /** The source's name: what the prompt shows and what a confirmation must name. */
  name: string
  address: string
  production: boolean
  cols: number
  confirmed(c: ConfirmedCommand): void
}

const RED = '\x1b[31m'
const DIM = '\x1b[2m'
const RESET = '\x1b[0m'
const HISTORY = 500

export class RedisConsoleSource implements TerminalSource {
  private readonly dataListeners: ((b: Uint8Array) => void)[] = []
  private readonly exitListeners: ((code: number | null, error: string | null) => void)[] = []
  private readonly encoder = new TextEncoder()
  private readonly decoder = new TextDecoder()
  private line = ''
  private readonly history: string[] = []
  private historyAt = -1
  private readonly queue: { line: string; answer: boolean; echoed: boolean }[] = []
  private awaiting: Prepared | null = null
  private running = false
  private paused = false
  private held: Uint8Array[] = []
  private drawn = 0
  private cols: number
  private closed = false
  private lastWasCr = false

  /** The source's name as shown and as a confirmation must type it: printable characters only. */
  private readonly name: string

  constructor(private readonly o: ConsoleSourceOptions) {
    this.cols = Math.max(10, o.cols)
    // eslint-disable-next-line no-control-regex
    this.name = o.name.replace(/[\x00-\x1f\x7f-\x9f]/g, '')
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    const first = this.dataListeners.length === 0
    this.dataListeners.push(listener)
    if (first) {
      queueMicrotask(() => {
        this.emit(
          `${DIM}Redis console: ${this.name} (${safeText(this.o.address)}).${this.o.production ? ' Production: commands that are not read-only ask first.' : ''} Ctrl-C gives up a waiting command.${RESET}\r\n`,
        )
        this.drawLine()
      })
    }
  }

  onExit(listener: (exitCode: number | null, error: string | null) => void): void {
    this.exitListeners.push(listener)
  }

  write(bytes: Uint8Array): void {
    this.input(bytes)
  }

  /** Handles typed bytes; says what may be recorded (whole lines, masked) and the lines typed. */
  input(bytes: Uint8Array): { record: Uint8Array | null; lines: TypedLine[] } {
    if (this.closed) return { record: null, lines: [] }
    const text = this.decoder.decode(bytes, { stream: true })
    const lines: TypedLine[] = []
    const recorded: string[] = []
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string
      const wasCr = this.lastWasCr
      this.lastWasCr = c === '\r'
      if (c === '\n' && wasCr) continue
      if (c === '\r' || c === '\n') {
        const answer = this.awaiting !== null && this.queue.length === 0 && !this.running
        const line = this.line
        this.line = ''
        this.historyAt = -1
        const shown = answer ? line : recordable(line)
        recorded.push(`${shown}\r\n`)
        if (!answer && line.trim()) {
          lines.push({ text: shown.trim(), approximate: false })
          if (this.history[this.history.length - 1] !== line) this.history.push(line)
          if (this.history.length > HISTORY) this.history.shift()
        }
        // The line as it will run (a paste of a whole line arrives with its Enter); a line typed
        // while a command runs is shown when its turn comes.
        const echoed = !this.running
        if (echoed) {
          this.line = line
          this.drawLine()
          this.line = ''
          this.emit('\r\n')
        }
        this.drawn = 0
        this.queue.push({ line, answer, echoed })
        void this.drain()
      } else if (c === '\x03') {
        this.interrupt()
      } else if (c === '\x7f' || c === '\b') {
        this.line = [...this.line].slice(0, -1).join('')
      } else if (c === '\x15') {
        this.line = ''
      } else if (c === '\x0c') {
        this.emit('\x1b[H\x1b[2J')
        this.drawn = 0
      } else if (c === '\x1b') {
        // CSI or SS3: the arrows walk the history; every other sequence is skipped.
        let seq = ''
        if (text[i + 1] === '[' || text[i + 1] === 'O') {
          i += 2
          while (i < text.length && !/[@-~]/.test(text[i] as string)) seq += text[i++]
          seq += text[i] ?? ''
        } else i++
        if (seq === 'A') this.walkHistory(-1)
        else if (seq === 'B') this.walkHistory(1)
      } else if ((c >= ' ' && !(c >= '\x7f' && c <= '\x9f')) || c === '\t') {
        this.line += c === '\t' ? ' ' : c
      }
    }
    if (!this.running) this.drawLine()
    const record = recorded.length ? this.encoder.encode(recorded.join('')) : null
    return { record, lines }
  }

  resize(cols: number): void {
    this.cols = Math.max(10, cols)
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    const held = this.held
    this.held = []
    for (const b of held) for (const l of this.dataListeners) l(b)
  }

  kill(): void {
    if (this.closed) return
    this.closed = true
    this.o.console.close()
    for (const l of this.exitListeners) l(0, null)
  }

  private walkHistory(step: number): void {
    if (this.history.length === 0) return
    const at = this.historyAt === -1 ? this.history.length : this.historyAt
    const next = Math.min(this.history.length, Math.max(0, at + step))
    this.historyAt = next >= this.history.length ? -1 : next
    this.line = this.historyAt === -1 ? '' : (this.history[this.historyAt] ?? '')
  }

  private interrupt(): void {
    if (this.running) {
      // A command still waiting (BLPOP 0, a slow KEYS): give it up by dropping the connection.
      this.queue.length = 0
      this.o.console.reset()
      return
    }
    this.emit('^C\r\n')
    if (this.awaiting) this.emit(`${DIM}Cancelled: nothing was sent.${RESET}\r\n`)
    this.awaiting = null
    this.line = ''
    this.drawn = 0
  }

  private prompt(): string {
    if (this.awaiting) return `Type ${this.name} to run it, or press Enter to cancel: `
    return this.o.production ? `${this.name} ${RED}(production)${RESET}> ` : `${this.name}> `
  }

  private promptWidth(): number {
    // eslint-disable-next-line no-control-regex
    return this.prompt().replace(/\x1b\[[0-9;]*m/g, '').length
  }

  /** Redraws the prompt and the line (secrets as stars), including rows it wrapped onto. */
  private drawLine(): void {
    const up = this.drawn > 0 ? Math.floor((this.drawn - 1) / this.cols) : 0
    const shown = this.awaiting ? this.line : maskTyping(this.line)
    this.emit(`${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J${this.prompt()}${shown}`)
    this.drawn = this.promptWidth() + [...shown].length
  }

  private async drain(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      while (this.queue.length > 0 && !this.closed) {
        const item = this.queue.shift() as { line: string; answer: boolean; echoed: boolean }
        if (!item.echoed) {
          this.emit(
            `\r\x1b[J${this.prompt()}${this.awaiting ? item.line : maskTyping(item.line)}\r\n`,
          )
        }
        if (this.awaiting) await this.answer(item.line)
        else await this.run(item.line)
      }
    } finally {
      this.running = false
      if (!this.closed) this.drawLine()
    }
  }

  private async run(line: string): Promise<void> {
    let prepared: Prepared | null
    try {
      prepared = await this.o.console.prepare(line)
    } catch (err) {
      this.emit(`(error) ${safeText(err instanceof ArgvError ? err.message : errorText(err))}\r\n`)
      return
    }
    if (!prepared) return
    if (prepared.verdict.refused) {
      this.emit(
        `(error) ${safeText(prepared.words[0]?.toUpperCase() ?? '')} ${prepared.verdict.refused}: the console does not send it.\r\n`,
      )
      return
    }
    if (needsConfirmation(prepared.verdict, this.o.production)) {
      this.awaiting = prepared
      this.emit(
        `${RED}${this.name} is production and ${safeText(prepared.words[0]?.toUpperCase() ?? '')} is not read-only (${prepared.verdict.why}).${RESET}\r\n`,
      )
      return
    }
    await this.execute(prepared, null)
  }

  private async answer(line: string): Promise<void> {
    const prepared = this.awaiting as Prepared
    this.awaiting = null
    if (line.trim() !== this.name) {
      this.emit(`${DIM}Cancelled: nothing was sent.${RESET}\r\n`)
      return
    }
    await this.execute(prepared, prepared.verdict.why)
  }

  private async execute(prepared: Prepared, confirmedWhy: string | null): Promise<void> {
    try {
      const done = await this.o.console.execute(prepared)
      this.emit(`${done.text}\r\n`)
      if (confirmedWhy !== null) {
        this.o.confirmed({
          command: prepared.recorded,
          text: done.text,
          isError: done.isError,
          durationMs: done.durationMs,
          why: confirmedWhy,
        })
      }
    } catch (err) {
      if (err instanceof ConsoleRefusedError) this.emit(`(error) ${safeText(err.message)}\r\n`)
      else
        this.emit(
          `(error) ${safeText(errorText(err))}\r\n${DIM}The connection was reset; the next command opens a new one.${RESET}\r\n`,
        )
      this.o.console.reset()
    }
  }

  private emit(s: string): void {
    const bytes = this.encoder.encode(s)
    if (this.paused) {
      this.held.push(bytes)
      return
    }
    for (const l of this.dataListeners) l(bytes)
  }
}

/** A completed line as the transcript keeps it: the argv with secrets masked, or the masked text. */
function recordable(line: string): string {
  try {
    const words = splitArgs(line).map((b) => b.toString('utf8'))
    if (words.length === 0) return line.trim() ? '' : line
    return redactArgv(words)
      .map((w) => (/^[^\s"'\\]+$/.test(w) ? w : JSON.stringify(w)))
      .join(' ')
  } catch {
    return maskTyping(line)
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
