// Maps SQLite's low-level write failures to errors a responder can act on.
import { DiskFullError, SitrepError } from '../errors'

/** An error's `code`: SQLite's extended result code ('SQLITE_BUSY'…) or Node's ('ENOSPC'); '' for none. */
export function sqliteCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
}

export function isDiskFull(err: unknown): boolean {
  const code = sqliteCode(err)
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_WRITE'
}

export function guardWrite<T>(path: string, write: () => T): T {
  try {
    return write()
  } catch (err) {
    if (err instanceof SitrepError) throw err
    if (isDiskFull(err)) throw new DiskFullError(path, { cause: err })
    throw err
  }
}
