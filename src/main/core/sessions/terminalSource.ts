// What a session reads bytes from and writes keystrokes to: a local pty today, an ssh2 channel
// for remote hosts. Sessions only see this interface.

export interface TerminalSource {
  onData(listener: (bytes: Uint8Array) => void): void
  /** exitCode null with an error message when the source died for another reason. */
  onExit(listener: (exitCode: number | null, error: string | null) => void): void
  write(bytes: Uint8Array): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
  kill(): void
}
