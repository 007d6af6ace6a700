// What a session reads bytes from and writes keystrokes to: a local pty today, an ssh2 channel
// for remote hosts. Sessions only see this interface.
import type { TypedLine } from './typedLines'

export interface TerminalSource {
  onData(listener: (bytes: Uint8Array) => void): void
  /** exitCode null with an error message when the source died for another reason. */
  onExit(listener: (exitCode: number | null, error: string | null) => void): void
  write(bytes: Uint8Array): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
  kill(): void
  /**
   * A source with its own line editor (the Redis console) takes typed bytes here instead of
   * write(), and says what of them may be recorded and which command lines they completed; for
   * the others the session records keystrokes and reads lines off the shell's echo.
   */
  input?(bytes: Uint8Array): { record: Uint8Array | null; lines: TypedLine[] }
}
