import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDir } from '../../../src/main/core/store/store'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { latestSchemaVersion } from '../../../src/main/core/store/migrations'
import { tempDir } from '../../helpers/tempDir'

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function ready(dir: DataDir) {
  const status = dir.open()
  if (status.state !== 'ready') throw new Error(status.message)
  return dir.require()
}

/** Writes some events and closes cleanly, leaving a real database behind. */
async function seeded(dirPath: string, withBackup = true): Promise<string> {
  const dir = new DataDir(dirPath)
  const store = ready(dir)
  const incident = createIncidentRow(store.db, { title: 'seed', severity: 'P2', at: Date.now() })
  store.timeline.appendMany(
    incident,
    Array.from({ length: 200 }, (_, i) => ({
      kind: 'note',
      payload: { text: `event ${i} ${'x'.repeat(300)}` },
    })),
  )
  if (withBackup) await dir.backupNow()
  dir.close()
  return incident
}

describe('data directory', () => {
  it('creates a migrated WAL database on first start', () => {
    const dir = new DataDir(tempDir())
    const status = dir.open()
    expect(status).toMatchObject({ state: 'ready', schemaVersion: latestSchemaVersion })
    const store = dir.require()
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    dir.close()
  })

  it('refuses a file that is not a database and leaves it untouched', async () => {
    const path = tempDir()
    await seeded(path)
    const file = join(path, 'sitrep.db')
    writeFileSync(file, 'this is not sqlite at all'.repeat(100))
    const before = sha(file)
    const dir = new DataDir(path)
    const status = dir.open()
    expect(status.state).toBe('unavailable')
    if (status.state !== 'unavailable') return
    expect(status.reason).toBe('corrupt')
    expect(status.message).toMatch(/not a Sitrep database.*has not been changed/)
    expect(status.backups).toHaveLength(1)
    expect(() => dir.require()).toThrow(/not a Sitrep database/)
    expect(sha(file)).toBe(before)
  })

  it('detects damaged pages (bytes flipped) and never overwrites the file', async () => {
    const path = tempDir()
    await seeded(path)
    const file = join(path, 'sitrep.db')
    // Overwrite pages 3-5 (table and index b-trees) with noise; the header stays valid.
    const fd = openSync(file, 'r+')
    writeSync(fd, randomBytes(4096 * 3), 0, 4096 * 3, 4096 * 2)
    closeSync(fd)
    const before = sha(file)
    const dir = new DataDir(path)
    const status = dir.open()
    expect(status).toMatchObject({ state: 'unavailable', reason: 'corrupt' })
    expect(sha(file)).toBe(before)
    // A read-only check may leave an empty -wal beside it, never new content in it.
    if (existsSync(`${file}-wal`)) expect(readFileSync(`${file}-wal`)).toHaveLength(0)
  })

  it('opens a backup as a new file, keeping the damaged one', async () => {
    const path = tempDir()
    const incident = await seeded(path)
    const file = join(path, 'sitrep.db')
    writeFileSync(file, randomBytes(8192))
    const damaged = sha(file)
    const dir = new DataDir(path)
    const status = dir.open()
    if (status.state !== 'unavailable') throw new Error('expected unavailable')
    const restored = dir.openBackup((status.backups[0] as { file: string }).file)
    expect(restored.state).toBe('ready')
    const store = dir.require()
    expect(store.path).not.toBe(file)
    expect(store.timeline.verify(incident)).toMatchObject({ intact: true, events: 200 })
    expect(sha(file)).toBe(damaged)
    dir.close()
    // The choice sticks across restarts.
    const again = new DataDir(path)
    expect(again.open()).toMatchObject({ state: 'ready', path: store.path })
    again.close()
  })

  it('only opens backups it listed itself', async () => {
    const path = tempDir()
    await seeded(path)
    const dir = new DataDir(path)
    dir.open()
    expect(() => dir.openBackup('../sitrep.db')).toThrow(/was not found/)
    dir.close()
  })

  it('starts a new empty file on request', async () => {
    const path = tempDir()
    await seeded(path, false)
    writeFileSync(join(path, 'sitrep.db'), 'garbage')
    const dir = new DataDir(path)
    dir.open()
    const status = dir.startNew()
    expect(status.state).toBe('ready')
    const count = dir.require().db.prepare('SELECT count(*) AS n FROM timeline_events').get() as {
      n: number
    }
    expect(count.n).toBe(0)
    expect(readFileSync(join(path, 'sitrep.db'), 'utf8')).toBe('garbage')
    dir.close()
  })

  it('refuses a database from a newer Sitrep without touching it', () => {
    const path = tempDir()
    const dir = new DataDir(path)
    const store = ready(dir)
    // As a newer Sitrep's migrate() leaves it: the header and the file's own record agree.
    store.db.pragma(`user_version = ${latestSchemaVersion + 1}`)
    store.db
      .prepare("UPDATE settings SET value = ? WHERE key = 'schema.version'")
      .run(String(latestSchemaVersion + 1))
    dir.close()
    expect(new DataDir(path).open()).toMatchObject({ state: 'unavailable', reason: 'too-new' })
  })

  it('rotates backups, keeping the newest', async () => {
    const path = tempDir()
    let now = Date.parse('2026-01-01T00:00:00Z')
    const dir = new DataDir(path, { backupKeep: 3, clock: { now: () => (now += 60_000) } })
    ready(dir)
    for (let i = 0; i < 5; i++) await dir.backupNow()
    const files = dir.backups.list().map((b) => b.file)
    expect(files).toHaveLength(3)
    expect(files[0]).toBe('sitrep-2026-01-01T00-05-00-000Z.db')
    expect(readdirSync(join(path, 'backups'))).toHaveLength(3)
    dir.close()
  })
})
