// Follows what the responder types into a session to (a) extract each command line for the
// timeline and (b) keep secrets out of the transcript: input typed after a password or
// passphrase prompt is neither recorded nor extracted. Shell line editing (arrows, tab
// completion, history) happens in the remote shell, so a line that used it is flagged
// approximate rather than guessed at.

import { stripAnsi } from '../incidents/domain'
import { isSecretPrompt } from './secretPrompt'

const TAIL_CHARS = 256
/**
 * Output beyond this many bytes from a chunk's end cannot reach the kept tail unless nearly all
 * of it is escape sequences, so a flood is not decoded and stripped in full just to keep its
 * last 256 characters (it was a tenth of the main process's time during a `cat`).
 */
const TAIL_BYTES = 4096

export interface TypedLine {
  text: string
  /** The line used editing keys the tracker cannot replay (arrows, tab, history). */
  approximate: boolean
}

export class TypedLines {
  private tail = ''
  private line = ''
  private approximate = false
  private secret = false
  /** The line most recently ended with Enter was typed at a secret prompt. */
  private lastLineSecret = false
  /** That line's text when it was not secret (a secret line's text is never kept). */
  private lastLine: string | null = null
  private decoder = new TextDecoder()

  /** Feed terminal output: the tracker watches for password prompts. */
  output(bytes: Uint8Array): void {
    if (bytes.byteLength > TAIL_BYTES) {
      // Starting afresh mid-stream: a character cut at the window's start decodes as U+FFFD
      // at the far end of the tail, where no prompt is looked for.
      this.decoder = new TextDecoder()
      this.tail = ''
      bytes = bytes.subarray(bytes.byteLength - TAIL_BYTES)
    }
    const text = stripAnsi(this.decoder.decode(bytes, { stream: true }))
    this.tail = (this.tail + text).slice(-TAIL_CHARS)
  }

  /**
   * Feed typed or pasted input. Returns whether these bytes may be recorded and the command
   * lines they completed.
   */
  input(bytes: Uint8Array): { record: boolean; lines: TypedLine[] } {
    // A new line of input that starts right after a secret prompt stays secret until Enter.
    if (this.line === '' && !this.secret && isSecretPrompt(this.tail)) this.secret = true
    const record = !this.secret
    const lines: TypedLine[] = []
    const text = new TextDecoder().decode(bytes)
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string
      if (c === '\r' || c === '\n') {
        if (!this.secret && this.line.trim())
          lines.push({ text: this.line.trim(), approximate: this.approximate })
        this.lastLineSecret = this.secret
        this.lastLine = this.secret ? null : this.line.trim()
        this.reset()
        // The prompt that caused secrecy has been answered; wait for the next one.
        this.tail = ''
      } else if (c === '\x7f' || c === '\b') this.line = this.line.slice(0, -1)
      else if (c === '\x03' || c === '\x15')
        this.reset() // Ctrl-C, Ctrl-U
      else if (c === '\x1b') {
        this.approximate = true
        // Skip the rest of the escape sequence (CSI ... final byte, or one char).
        if (text[i + 1] === '[' || text[i + 1] === 'O') {
          i += 2
          while (i < text.length && !/[@-~]/.test(text[i] as string)) i++
        } else i++
      } else if (c === '\t') this.approximate = true
      else if (c >= ' ') this.line += c
    }
    return { record, lines }
  }

  /**
   * Whether input arriving about now is a secret: a secret line is being typed, the last line
   * ended was one, or a secret prompt is showing. Broadcast lines reach main after their Enter
   * (or, for a paste still queued, before it), so both sides of the Enter count.
   */
  atSecretInput(): boolean {
    return this.secret || this.lastLineSecret || (this.line === '' && isSecretPrompt(this.tail))
  }

  /**
   * Whether a completed broadcast line was typed at a secret prompt here. Its Enter reached this
   * tracker first (same ordered channel), so when it is the line just completed, that line's own
   * state decides — not a prompt the command itself printed since (`read -s -p 'Password: '`).
   * Anything else (a paste whose Enter is still queued) falls back to the state now.
   */
  lineWasSecret(text: string): boolean {
    if (this.lastLineSecret) return true
    if (this.lastLine !== null && this.lastLine === text.trim()) return false
    return this.atSecretInput()
  }

  private reset(): void {
    this.line = ''
    this.approximate = false
    this.secret = false
  }
}
