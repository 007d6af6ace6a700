// A damaged or foreign file header reads as damage (with the backups offered), never as "made by
// a newer Sitrep"; only a clean header whose schema version the file itself records is "newer".
// The damage is real: header bytes overwritten in the closed file.
import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import {
  latestSchemaVersion,
  migrations,
  SITREP_APPLICATION_ID,
} from '../../../src/main/core/store/migrations'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** A closed data folder with one incident, 20 events and one backup. */
async function seeded(): Promise<{ path: string; file: string; incident: string }> {
  const path = tempDir()
  const dir = new DataDir(path)
  const status = dir.open()
  if (status.state !== 'ready') throw new Error(status.message)
  const store = dir.require()
  const incident = createIncidentRow(store.db, { title: 'seed', severity: 'P2', at: Date.now() })
  store.timeline.appendMany(
    incident,
    Array.from({ length: 20 }, (_, i) => ({ kind: 'note', payload: { text: `event ${i}` } })),
  )
  await dir.backupNow()
  dir.close()
  return { path, file: join(path, 'sitrep.db'), incident }
}

function overwrite(file: string, offset: number, bytes: number[]): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.from(bytes), 0, bytes.length, offset)
  closeSync(fd)
}

/** user_version is the big-endian 32-bit integer at header offset 60; application_id at 68. */
const USER_VERSION = 60
const APPLICATION_ID = 68

describe('a damaged or foreign header', () => {
  const damagedCases: [string, number, number[]][] = [
    ['version one above this Sitrep, unrecorded', USER_VERSION, [0, 0, 0, latestSchemaVersion + 1]],
    ['a flipped high byte of the version', USER_VERSION, [0x01, 0, 0, latestSchemaVersion]],
    ['all version bytes set (reads as -1)', USER_VERSION, [0xff, 0xff, 0xff, 0xff]],
    ['version one below this file', USER_VERSION, [0, 0, 0, latestSchemaVersion - 1]],
    ['application id of another program', APPLICATION_ID, [0x47, 0x50, 0x4b, 0x47]],
  ]
  for (const [name, offset, bytes] of damagedCases) {
    it(`${name}: damaged, untouched, the backup offered and restorable`, async () => {
      const { path, file, incident } = await seeded()
      overwrite(file, offset, bytes)
      const before = sha(file)
      const dir = new DataDir(path)
      const status = dir.open()
      if (status.state !== 'unavailable') throw new Error(`opened: ${status.state}`)
      expect(status.reason).toBe('corrupt')
      expect(status.message).toMatch(/is damaged: .*has not been changed/)
      expect(status.message).not.toMatch(/newer Sitrep/)
      expect(status.backups).toHaveLength(1)
      expect(sha(file)).toBe(before)
      expect(dir.openBackup(status.backups[0]!.file).state).toBe('ready')
      expect(dir.require().timeline.verify(incident)).toMatchObject({ intact: true, events: 20 })
      dir.close()
      expect(sha(file)).toBe(before)
    })
  }

  it("another program's SQLite file with a high user_version is foreign, not newer", () => {
    const path = tempDir()
    const file = join(path, 'sitrep.db')
    const db = new Database(file)
    db.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)')
    db.pragma('user_version = 70')
    db.close()
    const before = sha(file)
    const status = new DataDir(path).open()
    expect(status).toMatchObject({ state: 'unavailable', reason: 'corrupt' })
    if (status.state === 'unavailable') expect(status.message).toMatch(/none of Sitrep's tables/)
    expect(sha(file)).toBe(before)
  })

  it('a clean header whose version the file records too is "made by a newer Sitrep"', async () => {
    const { path, file } = await seeded()
    const db = new Database(file)
    db.pragma(`user_version = ${latestSchemaVersion + 3}`)
    db.prepare("UPDATE settings SET value = ? WHERE key = 'schema.version'").run(
      String(latestSchemaVersion + 3),
    )
    db.close()
    const status = new DataDir(path).open()
    expect(status).toMatchObject({ state: 'unavailable', reason: 'too-new' })
    if (status.state === 'unavailable') expect(status.message).toMatch(/newer Sitrep/)
  })

  it('a file from before the stamp (schema 8, application id 0) opens and is stamped', () => {
    const path = tempDir()
    const file = join(path, 'sitrep.db')
    const db = new Database(file)
    for (const m of migrations.filter((x) => x.version <= 8)) {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
    db.close()
    const dir = new DataDir(path)
    expect(dir.open()).toMatchObject({ state: 'ready', schemaVersion: latestSchemaVersion })
    const opened = dir.require().db
    expect(opened.pragma('application_id', { simple: true })).toBe(SITREP_APPLICATION_ID)
    expect(opened.prepare("SELECT value FROM settings WHERE key = 'schema.version'").get()).toEqual(
      { value: String(latestSchemaVersion) },
    )
    dir.close()
  })

  it('a flipped byte that renames a column in the schema text: damaged and refused, not a start that throws', async () => {
    const { path, file, incident } = await seeded()
    // Every copy of the text (a superseded schema row may linger in a free page): actor → axtor.
    const bytes = readFileSync(file)
    let flipped = 0
    for (
      let at = bytes.indexOf('actor TEXT,');
      at >= 0;
      at = bytes.indexOf('actor TEXT,', at + 1)
    ) {
      overwrite(file, at + 1, [0x78])
      flipped++
    }
    expect(flipped).toBeGreaterThan(0)
    const before = sha(file)
    const dir = new DataDir(path)
    const status = dir.open()
    if (status.state !== 'unavailable') throw new Error(`opened: ${status.state}`)
    expect(status.reason).toBe('corrupt')
    expect(status.message).toMatch(/is damaged .*no column named actor/)
    expect(status.backups).toHaveLength(1)
    expect(sha(file)).toBe(before)
    expect(dir.openBackup(status.backups[0]!.file).state).toBe('ready')
    expect(dir.require().timeline.verify(incident)).toMatchObject({ intact: true, events: 20 })
    dir.close()
  })
})
