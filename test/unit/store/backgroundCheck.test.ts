// A big file opens after the cheap checks and gets its full check (quick_check) in a worker
// thread after the first paint (issue #20). These run that path on small files by setting the
// at-open limit to 0: a healthy file reports ok; a file with a damaged page opens, then reports
// the damage with the backups to open instead, keeps its backups from rotating out, and the
// backup opens; a damaged header is still refused at open.
import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { StoreStatus } from '../../../src/shared/contract'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'
import { until } from '../../helpers/until'

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** A closed data folder: one incident with 300 events, 2 MB of transcript, and one backup. */
async function seeded(): Promise<{ path: string; file: string }> {
  const path = tempDir()
  const dir = new DataDir(path)
  expect(dir.open().state).toBe('ready')
  const store = dir.require()
  const incident = createIncidentRow(store.db, { title: 'seed', severity: 'P2', at: Date.now() })
  store.timeline.appendMany(
    incident,
    Array.from({ length: 300 }, (_, i) => ({ kind: 'note', payload: { text: `event ${i}` } })),
  )
  store.db
    .prepare(
      "INSERT INTO sessions (id, incident_id, kind, title, cols, rows, started_at, ended_at) VALUES ('s', ?, 'local', 'sh', 80, 24, 0, 1)",
    )
    .run(incident)
  const chunk = store.db.prepare(
    "INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES ('s', ?, 'o', ?)",
  )
  for (let i = 0; i < 500; i++) chunk.run(i, Buffer.alloc(4_000, 65 + (i % 26)))
  await dir.backupNow()
  dir.close()
  return { path, file: join(path, 'sitrep.db') }
}

function openDeferred(path: string, seen: StoreStatus[]): DataDir {
  return new DataDir(path, {
    fullCheckAtOpenMaxBytes: 0,
    backgroundCheckDelayMs: 0,
    onIntegrity: (s) => seen.push(s),
  })
}

const integrityOf = (s: StoreStatus | undefined) => (s?.state === 'ready' ? s.integrity : undefined)

describe('the full check in the background', () => {
  it('a healthy big file opens at once and is then reported checked', async () => {
    const { path } = await seeded()
    const seen: StoreStatus[] = []
    const dir = openDeferred(path, seen)
    const status = dir.open()
    expect(status).toMatchObject({ state: 'ready', integrity: { state: 'checking' } })
    await until(() => seen.length > 0, 'the background verdict', 10_000)
    expect(integrityOf(seen[0])).toMatchObject({ state: 'ok', checkedAt: 'background' })
    expect(integrityOf(dir.status())).toMatchObject({ state: 'ok' })
    dir.close()
  })

  it('a small file is still checked at open', async () => {
    const { path } = await seeded()
    const dir = new DataDir(path)
    expect(dir.open()).toMatchObject({
      state: 'ready',
      integrity: { state: 'ok', checkedAt: 'open' },
    })
    dir.close()
  })

  it('a damaged page: opens, then the damage is reported with the backups, which open', async () => {
    const { path, file } = await seeded()
    // Zero one page in the middle of the file (transcript pages): structure quick_check reads.
    const pageSize = 4096
    const pages = statSync(file).size / pageSize
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, Math.floor(pages * 0.6) * pageSize)
    closeSync(fd)
    // The damage is real: SQLite's own check finds it.
    const probe = new Database(file, { readonly: true })
    expect(probe.pragma('quick_check', { simple: true })).not.toBe('ok')
    probe.close()
    const damaged = sha(file)

    const seen: StoreStatus[] = []
    const dir = openDeferred(path, seen)
    expect(dir.open()).toMatchObject({ state: 'ready', integrity: { state: 'checking' } })
    await until(() => seen.length > 0, 'the background verdict', 10_000)
    const verdict = integrityOf(seen[0])
    expect(verdict?.state).toBe('damaged')
    if (verdict?.state !== 'damaged') throw new Error('not damaged')
    expect(verdict.message).toContain('integrity check')
    expect(verdict.backups.length).toBe(1)
    // No backup of the damaged file pushes the good one out of the rotation.
    await expect(dir.backupNow()).rejects.toThrow(/found damage/)
    expect(dir.backups.list().length).toBe(1)
    // The check only read the file.
    expect(sha(file)).toBe(damaged)
    // The existing recovery path: the backup opens, and is checked like any file.
    const restored = dir.openBackup(verdict.backups[0]?.file ?? '')
    expect(restored.state).toBe('ready')
    await until(() => seen.length > 1, 'the backup checked', 10_000)
    expect(integrityOf(seen[1])).toMatchObject({ state: 'ok' })
    expect(sha(file)).toBe(damaged)
    dir.close()
  })

  it('a damaged header is still refused at open, however big the file', async () => {
    const { path, file } = await seeded()
    const bytes = readFileSync(file)
    bytes[19] = 0x7f // the file format read version
    const fd = openSync(file, 'r+')
    writeSync(fd, bytes, 0, 32, 0)
    closeSync(fd)
    const before = sha(file)
    const dir = openDeferred(path, [])
    const status = dir.open()
    expect(status).toMatchObject({ state: 'unavailable', reason: 'corrupt' })
    expect(sha(file)).toBe(before)
    dir.close()
  })
})
