// Rebuilds the command lines a responder broadcast from the bytes they typed or pasted, for the
// timeline. It follows what was typed (printable text, Backspace, Ctrl-U, Ctrl-W, Ctrl-C), not
// what the remote shell made of it: tab completion, history recall and cursor movement happen
// on the hosts and are not visible here, so a line is a faithful record of the keystrokes, not
// of the command each host ran.

const ESC = '\x1b'

type Mode = 'text' | 'esc' | 'csi' | 'ss3' | 'string'

export class LineAssembler {
  private line: string[] = []
  private mode: Mode = 'text'
  /** A CR just ended a line: an LF right after it belongs to the same Enter. */
  private afterCr = false

  /** Feeds typed or pasted text; returns the lines it completed with Enter, blank ones left out. */
  feed(text: string): string[] {
    const done: string[] = []
    for (const ch of text) {
      const afterCr = this.afterCr
      this.afterCr = false
      switch (this.mode) {
        case 'esc':
          // CSI (ESC [), SS3 (ESC O), string sequences (OSC/DCS/APC/PM/SOS); anything else is a
          // two-character sequence such as Alt+key, dropped whole.
          if (ch === '[') this.mode = 'csi'
          else if (ch === 'O') this.mode = 'ss3'
          else if (ch === ']' || ch === 'P' || ch === '_' || ch === '^' || ch === 'X')
            this.mode = 'string'
          else this.mode = 'text'
          continue
        case 'csi':
          // Parameters and intermediates run until a final byte (@ to ~); this also drops the
          // bracketed paste markers ESC[200~ and ESC[201~.
          if (ch >= '@' && ch <= '~') this.mode = 'text'
          continue
        case 'ss3':
          this.mode = 'text'
          continue
        case 'string':
          if (ch === '\x07') this.mode = 'text'
          else if (ch === ESC) this.mode = 'esc' // ESC \ (ST) ends it; the '\' is then dropped
          continue
        case 'text':
          break
      }
      switch (ch) {
        case ESC:
          this.mode = 'esc'
          break
        case '\r':
          this.finish(done)
          this.afterCr = true
          break
        case '\n':
          if (!afterCr) this.finish(done)
          break
        case '\x7f':
        case '\b':
          this.line.pop()
          break
        case '\x03': // Ctrl-C abandons the line
        case '\x15': // Ctrl-U erases it
          this.line = []
          break
        case '\x17': // Ctrl-W erases the word before the cursor
          while (this.line.length > 0 && this.line[this.line.length - 1] === ' ') this.line.pop()
          while (this.line.length > 0 && this.line[this.line.length - 1] !== ' ') this.line.pop()
          break
        default:
          // Other control characters (Tab, Ctrl-D…) act on the host, not on the text typed.
          if (ch >= ' ') this.line.push(ch)
      }
    }
    return done
  }

  /** Forgets a half-typed line (broadcast turned off, or targets changed). */
  reset(): void {
    this.line = []
    this.mode = 'text'
    this.afterCr = false
  }

  private finish(done: string[]): void {
    const text = this.line.join('')
    this.line = []
    if (text.trim() !== '') done.push(text)
  }
}
