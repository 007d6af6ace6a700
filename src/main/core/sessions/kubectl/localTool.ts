// A command-line tool (kubectl, psql) in a local pty whose session owns something besides the
// process: a temp kubeconfig overlay, an SSH tunnel. The cleanup runs once, when the program
// exits or the session is closed, whichever comes first.
import { accessSync, constants } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { SessionFailedError } from '../../errors'
import { spawnLocal, type LocalSpawn } from '../localShell'
import type { TerminalSource } from '../terminalSource'

/**
 * The program's full path, or a SessionFailedError saying how to install it: a pty whose
 * program is missing would just close at once without a word.
 */
export function requireProgram(file: string, install: string, env = process.env): string {
  const candidates = isAbsolute(file)
    ? [file]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, file))
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // Not here; try the next PATH entry.
    }
  }
  throw new SessionFailedError(`${file} was not found on this computer. ${install}`)
}

export function spawnTool(spec: LocalSpawn, cleanup: () => void): TerminalSource {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    try {
      cleanup()
    } catch {
      // A temp file already gone or a tunnel already closed is what we wanted anyway.
    }
  }
  let source: TerminalSource
  try {
    source = spawnLocal(spec)
  } catch (err) {
    once()
    throw err
  }
  source.onExit(() => once())
  return {
    ...source,
    kill: () => {
      source.kill()
      once()
    },
  }
}
