// The headless bridge's token and port, kept in the data folder so that a restarted server on
// the same folder lets the tab it served before back in (see docs/architecture.md, "Headless
// bridge security"). The token is as secret as the folder it sits in: whoever can read
// `<dataDir>/bridge.json` can already read the database and the secret key file beside it, so
// storing it there opens nothing new. It is written 0600, a copy others can read is never used
// (a new token replaces it), and `--new-token` (or deleting the file) rotates it, which signs
// every open tab out.
import { randomBytes } from 'node:crypto'
import { chmodSync, lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const BRIDGE_FILE = 'bridge.json'

export interface BridgeCredentials {
  token: string
  /** The port served last time; 0 when none was recorded. */
  port: number
  /**
   * Whether the token already opened a page (it opens one, once) and the hashes of the page
   * sessions it minted (sessions.ts): kept so a restarted server lets those tabs back in.
   */
  used?: boolean
  sessions?: string[]
}

/** Why a stored token was not used (printed by headless.ts); null when it was used or new. */
export type CredentialsNote = 'exposed' | 'unreadable' | null

function isOwnPrivateFile(path: string): boolean {
  // POSIX modes say nothing on Windows, where the user-data folder is private already.
  if (process.platform === 'win32') return true
  const st = lstatSync(path)
  if (!st.isFile()) return false
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false
  return (st.mode & 0o077) === 0
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

function write(dataDir: string, creds: BridgeCredentials): void {
  const path = join(dataDir, BRIDGE_FILE)
  const tmp = `${path}.tmp`
  writeFileSync(tmp, `${JSON.stringify(creds)}\n`, { mode: 0o600 })
  // writeFileSync keeps the mode of an existing file; make sure the new one is private.
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

/**
 * The stored token and port, or a new random token when there is none, it is not ours and
 * private, or `rotate` is asked. The returned token is always saved.
 */
export function loadBridgeCredentials(
  dataDir: string,
  opts: { rotate?: boolean } = {},
): { creds: BridgeCredentials; note: CredentialsNote } {
  const path = join(dataDir, BRIDGE_FILE)
  let note: CredentialsNote = null
  let port = 0
  if (!opts.rotate) {
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<BridgeCredentials>
      if (typeof raw.port === 'number' && Number.isInteger(raw.port) && raw.port > 0)
        port = raw.port
      if (typeof raw.token === 'string' && TOKEN_SHAPE.test(raw.token)) {
        const sessions = Array.isArray(raw.sessions)
          ? raw.sessions.filter(
              (s): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s),
            )
          : []
        if (isOwnPrivateFile(path))
          return { creds: { token: raw.token, port, used: raw.used === true, sessions }, note }
        note = 'exposed'
      } else note = 'unreadable'
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
      if (!missing) note = 'unreadable'
    }
  }
  const creds = { token: randomBytes(32).toString('base64url'), port }
  write(dataDir, creds)
  return { creds, note }
}

/** Remembers the port actually served, so the next start can offer the same origin again. */
export function saveBridgePort(dataDir: string, creds: BridgeCredentials, port: number): void {
  if (creds.port === port) return
  creds.port = port
  write(dataDir, creds)
}

/** Keeps the token's page sessions with it (called by the bridge when a page load spends it). */
export function saveBridgeSessions(
  dataDir: string,
  creds: BridgeCredentials,
  state: { used: boolean; sessions: string[] },
): void {
  creds.used = state.used
  creds.sessions = state.sessions
  write(dataDir, creds)
}
