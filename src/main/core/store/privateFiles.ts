// The data folder holds transcripts, timelines, sealed secrets and the key that opens them, so
// it is private to the account: the folder 0700, every file in it 0600. New files are created
// that way; a folder made by an older version (0755 folder, 0644 database and backups) or touched
// by hand is repaired when it is opened, and each repair is reported so the responder knows
// other local users could read it until then. Windows has no mode bits: nothing to do there.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

const posix = process.platform !== 'win32'

/** Creates `dir` (and parents) and makes it 0700 whatever the umask or its earlier mode. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (posix) chmodSync(dir, PRIVATE_DIR_MODE)
}

/** Makes one file 0600 (a file SQLite or a copy created with the umask's mode). */
export function makePrivateFile(path: string): void {
  if (posix) chmodSync(path, PRIVATE_FILE_MODE)
}

export interface PermissionRepair {
  path: string
  /** The mode it had (permission bits only). */
  was: number
  now: number
}

/**
 * Tightens the data folder in place: itself and its folders to 0700, its files to 0600, down to
 * `depth` levels (the folder, backups/ and exports/). Symbolic links are left alone (chmod would
 * follow them out of the folder). Returns what it changed.
 */
export function repairPrivateDir(dir: string, depth = 2): PermissionRepair[] {
  if (!posix) return []
  const repairs: PermissionRepair[] = []
  const visit = (path: string, level: number): void => {
    let st
    try {
      st = lstatSync(path)
    } catch {
      return // removed meanwhile
    }
    if (st.isSymbolicLink()) return
    const mode = st.mode & 0o777
    if (st.isDirectory()) {
      if (mode !== PRIVATE_DIR_MODE) {
        chmodSync(path, PRIVATE_DIR_MODE)
        repairs.push({ path, was: mode, now: PRIVATE_DIR_MODE })
      }
      if (level < depth) for (const name of readdirSync(path)) visit(join(path, name), level + 1)
    } else if (st.isFile() && (mode & ~PRIVATE_FILE_MODE) !== 0) {
      chmodSync(path, PRIVATE_FILE_MODE)
      repairs.push({ path, was: mode, now: PRIVATE_FILE_MODE })
    }
  }
  visit(dir, 0)
  return repairs
}

/** One line for the log and the UI: what was repaired (the first few paths) and why it matters. */
export function repairNotice(repairs: readonly PermissionRepair[]): string | null {
  if (repairs.length === 0) return null
  const shown = repairs
    .slice(0, 5)
    .map((r) => `${r.path} (${r.was.toString(8)} → ${r.now.toString(8)})`)
    .join(', ')
  const more = repairs.length > 5 ? ` and ${repairs.length - 5} more` : ''
  return `Sitrep made ${repairs.length} item(s) in its data folder private to your account: ${shown}${more}. Until now other users of this computer could read them.`
}
