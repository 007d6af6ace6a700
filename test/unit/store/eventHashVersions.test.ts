// Event hash version 2 and row seals (issue #17): every stored column of an event is covered,
// events stored before migration 9 keep verifying with version 1, and bundles and merges carry
// chains that mix both. Damage is made the way a flipped byte or a hand edit would: a raw
// better-sqlite3 connection on the closed file, with the append-only trigger dropped.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { GENESIS_HASH, hashEvent } from '../../../src/main/core/store/hashChain'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { migrations, UNSEALED_THROUGH_KEY } from '../../../src/main/core/store/migrations'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { Timeline, type EventRow } from '../../../src/main/core/store/timeline'
import { tempDir } from '../../helpers/tempDir'

const open: { close(): void }[] = []
afterEach(() => {
  for (const x of open.splice(0)) x.close()
})

/** Runs `fn` on a raw connection to the file with the append-only triggers out of the way. */
function rawEdit(path: string, fn: (db: Database.Database) => void): void {
  const db = new Database(path)
  try {
    db.exec(`DROP TRIGGER IF EXISTS timeline_events_append_only_update;
             DROP TRIGGER IF EXISTS timeline_events_append_only_delete;`)
    fn(db)
  } finally {
    db.close()
  }
}

/** A data file as Sitrep wrote it before migration 9: schema 8, version 1 hashes. */
function legacyFile(notes: number): { path: string; incident: string } {
  const path = join(tempDir(), 'sitrep.db')
  const db = new Database(path)
  for (const m of migrations.filter((x) => x.version <= 8)) {
    db.exec(m.sql)
    db.pragma(`user_version = ${m.version}`)
  }
  const incident = createIncidentRow(db, { title: 'legacy', severity: 'P2', at: 1_600_000_000_000 })
  const insert = db.prepare(
    `INSERT INTO timeline_events (uid, incident_id, seq, at, recorded_at, tz, kind, actor, payload, amends, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, 'UTC', 'note', 'aiko', ?, NULL, ?, ?)`,
  )
  let prev = GENESIS_HASH
  for (let seq = 1; seq <= notes; seq++) {
    const e = {
      uid: `legacy-${seq}`,
      incidentId: incident,
      seq,
      at: 1_600_000_000_000 + seq,
      recordedAt: 1_600_000_000_500 + seq,
      tz: 'UTC',
      kind: 'note',
      actor: 'aiko',
      payload: { text: `old note ${seq}` },
      amends: null,
      prevHash: prev,
    }
    const hash = hashEvent(e) as string
    insert.run(e.uid, incident, seq, e.at, e.recordedAt, JSON.stringify(e.payload), prev, hash)
    prev = hash
  }
  expect(db.pragma('user_version', { simple: true })).toBe(8)
  db.close()
  return { path, incident }
}

function timelineOn(path: string): Timeline {
  const db = openDatabase(path)
  open.push(db)
  let t = 1_700_000_000_000
  return new Timeline(db, path, { now: () => t++ }, 'Asia/Tokyo')
}

const rowsOf = (path: string, incident: string): EventRow[] => {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare('SELECT * FROM timeline_events WHERE incident_id = ? ORDER BY seq')
      .all(incident) as EventRow[]
  } finally {
    db.close()
  }
}

describe('event hash versions', () => {
  it('migration 9 keeps stored events on version 1; new events use version 2; both verify', () => {
    const { path, incident } = legacyFile(3)
    const timeline = timelineOn(path)
    expect(timeline.verify(incident)).toEqual({
      intact: true,
      events: 3,
      brokenAtSeq: null,
      reason: null,
    })
    const added = timeline.append(incident, { kind: 'note', payload: { text: 'new' } })
    expect(added.hashVersion).toBe(2)
    expect(added.prevHash).toBe(timeline.list(incident, { limit: 10 })[2]!.hash)
    expect(timeline.verify(incident)).toMatchObject({ intact: true, events: 4 })
    const rows = rowsOf(path, incident)
    expect(rows.map((r) => r.hash_version)).toEqual([1, 1, 1, 2])
    expect(rows.map((r) => r.row_seal === null)).toEqual([true, true, true, false])
    // Version 1 events still read exactly as before (no hashVersion key).
    expect(timeline.list(incident, { limit: 10 })[0]).not.toHaveProperty('hashVersion')
  })

  it('a version 2 hash covers recordedAt and the version; version 1 did not cover recordedAt', () => {
    const base = {
      uid: 'u',
      incidentId: 'i',
      seq: 1,
      at: 1,
      recordedAt: 2,
      tz: 'UTC',
      kind: 'note',
      actor: null,
      payload: {},
      amends: null,
      prevHash: GENESIS_HASH,
    }
    expect(hashEvent(base)).toBe(hashEvent({ ...base, recordedAt: 3 }))
    const v2 = { ...base, hashVersion: 2 }
    expect(hashEvent(v2)).not.toBe(hashEvent({ ...v2, recordedAt: 3 }))
    expect(hashEvent(v2)).not.toBe(hashEvent(base))
    expect(hashEvent({ ...base, hashVersion: 7 })).toBeNull()
  })

  it('a change to any stored column of a version 2 event is reported, naming that event', () => {
    const dir = tempDir()
    const path = join(dir, 'sitrep.db')
    const timeline = timelineOn(path)
    const db = open[open.length - 1] as Database.Database
    const incident = createIncidentRow(db, { title: 'A', severity: 'P1', at: 1 })
    const other = createIncidentRow(db, { title: 'B', severity: 'P3', at: 2 })
    for (let i = 1; i <= 5; i++)
      timeline.append(incident, {
        kind: 'note',
        actor: 'aiko',
        payload: { text: `note ${i}` },
        amends: i > 1 ? `uid-${i}` : null,
      })
    timeline.append(other, { kind: 'note', payload: { text: 'other' } })
    for (const x of open.splice(0)) x.close()
    const target = rowsOf(path, incident)[2]!
    expect(target.seq).toBe(3)

    // Every column the row holds, each with a changed value. A column added later without a
    // case here fails the test, so the coverage cannot silently fall behind the schema.
    const changes: Record<string, unknown> = {
      id: target.id + 1000,
      uid: `${target.uid}x`,
      incident_id: other,
      seq: 1000,
      at: target.at + 1,
      recorded_at: target.recorded_at + 1,
      tz: 'UTC',
      kind: 'note.pinned',
      actor: 'mallory',
      payload: JSON.stringify({ text: 'rewritten history' }),
      amends: null,
      prev_hash: `${target.prev_hash.slice(0, -1)}${target.prev_hash.endsWith('0') ? '1' : '0'}`,
      hash: `${target.hash.slice(0, -1)}${target.hash.endsWith('0') ? '1' : '0'}`,
      hash_version: 1,
      row_seal: `${target.row_seal!.slice(0, -1)}${target.row_seal!.endsWith('0') ? '1' : '0'}`,
    }
    const raw = new Database(path, { readonly: true })
    const columns = (raw.pragma('table_info(timeline_events)') as { name: string }[]).map(
      (c) => c.name,
    )
    raw.close()
    expect(columns.sort()).toEqual(Object.keys(changes).sort())
    const pristine = readFileSync(path)

    const cases: [string, unknown][] = [
      ...Object.entries(changes),
      ['row_seal', null],
      ['actor', null],
    ]
    for (const [column, value] of cases) {
      // Each case on a fresh copy of the intact file.
      const copy = join(dir, `copy-${column}-${String(value === null)}.db`)
      writeFileSync(copy, pristine)
      rawEdit(copy, (raw) => {
        const n = raw
          .prepare(`UPDATE timeline_events SET ${column} = ? WHERE id = ?`)
          .run(value, target.id).changes
        expect(n, column).toBe(1)
      })
      const verdict = timelineOn(copy).verify(incident)
      expect(verdict.intact, column).toBe(false)
      // Named by seq: moved out of the chain (incident_id, seq) it is reported missing.
      expect(verdict.reason, column).toMatch(/event #3 /)
      for (const x of open.splice(0)) x.close()
    }
  })

  it('a version 1 event: every column version 1 hashed is covered; a legacy row id moved past the switch point too', () => {
    const { path, incident } = legacyFile(5)
    timelineOn(path).append(incident, { kind: 'note', payload: { text: 'v2' } })
    for (const x of open.splice(0)) x.close()
    const target = rowsOf(path, incident)[1]!
    const pristine = readFileSync(path)
    const cases: Record<string, unknown> = {
      id: 100_000,
      uid: 'changed',
      seq: 77,
      at: target.at + 1,
      tz: 'Asia/Tokyo',
      kind: 'status',
      actor: 'mallory',
      payload: '{"text":"changed"}',
      amends: 'legacy-1',
      prev_hash: GENESIS_HASH,
      hash: GENESIS_HASH,
      hash_version: 2,
      row_seal: 'f'.repeat(64),
    }
    for (const [column, value] of Object.entries(cases)) {
      const copy = `${path}.${column}`
      writeFileSync(copy, pristine)
      rawEdit(copy, (raw) => {
        raw.prepare(`UPDATE timeline_events SET ${column} = ? WHERE id = ?`).run(value, target.id)
      })
      const verdict = timelineOn(copy).verify(incident)
      expect(verdict.intact, column).toBe(false)
      expect(verdict.reason, column).toMatch(/event #2 /)
      for (const x of open.splice(0)) x.close()
    }
    // The honest limit: a version 1 row's recorded_at, and its id moved within the old range,
    // are covered by nothing (migration 9 cannot vouch for rows it did not write).
    const copy = `${path}.limit`
    writeFileSync(copy, pristine)
    rawEdit(copy, (raw) => {
      raw
        .prepare('UPDATE timeline_events SET recorded_at = recorded_at + 1 WHERE id = ?')
        .run(target.id)
    })
    expect(timelineOn(copy).verify(incident).intact).toBe(true)
    const through = new Database(copy, { readonly: true })
    expect(
      through.prepare('SELECT value FROM settings WHERE key = ?').get(UNSEALED_THROUGH_KEY),
    ).toEqual({ value: '5' })
    through.close()
  })
})

describe('bundles and merges with mixed chains', () => {
  function coreOn(dataDir: string, start: number): { core: Core; clock: { now: number } } {
    const clock = { now: start }
    const core = new Core({
      dataDir,
      shell: 'headless',
      version: 'test',
      backupIntervalMs: 0,
      clock: { now: () => clock.now },
    })
    core.start()
    open.push(core)
    return { core, clock }
  }

  /** Rewrites a closed data folder's events as a pre-migration-9 file would hold them. */
  function makeLegacy(path: string): void {
    rawEdit(path, (db) => {
      const rows = db
        .prepare('SELECT * FROM timeline_events ORDER BY incident_id, seq')
        .all() as EventRow[]
      const prev = new Map<string, string>()
      const update = db.prepare(
        'UPDATE timeline_events SET prev_hash = ?, hash = ?, hash_version = 1, row_seal = NULL WHERE id = ?',
      )
      for (const r of rows) {
        const prevHash = prev.get(r.incident_id) ?? GENESIS_HASH
        const hash = hashEvent({
          uid: r.uid,
          incidentId: r.incident_id,
          seq: r.seq,
          at: r.at,
          recordedAt: r.recorded_at,
          tz: r.tz,
          kind: r.kind,
          actor: r.actor,
          payload: JSON.parse(r.payload),
          amends: r.amends,
          prevHash,
        }) as string
        update.run(prevHash, hash, r.id)
        prev.set(r.incident_id, hash)
      }
      db.prepare(
        'UPDATE settings SET value = (SELECT max(id) FROM timeline_events) WHERE key = ?',
      ).run(UNSEALED_THROUGH_KEY)
    })
  }

  async function bundleOf(core: Core, incidentId: string): Promise<string> {
    const r = await core.exports().service.run({
      incidentId,
      format: 'json',
      lang: 'en',
      patterns: [],
      inline: false,
    })
    return readFileSync(r.files[0]!.path, 'utf8')
  }

  it('exports, imports (signed) and merges an incident whose chain mixes versions 1 and 2', async () => {
    const dirA = tempDir()
    let a = coreOn(dirA, 1_700_000_000_000)
    const inc = a.core.incidents().incidents
    const incident = inc.declare({
      title: 'mixed',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'aiko',
    })
    for (let i = 0; i < 3; i++) inc.addNote(incident.id, { text: `before ${i}`, actor: 'aiko' })
    a.core.close()
    open.splice(0)
    makeLegacy(join(dirA, 'sitrep.db'))
    a = coreOn(dirA, 1_700_000_100_000)
    a.core.incidents().incidents.addNote(incident.id, { text: 'after', actor: 'aiko' })
    const timelineA = a.core.data.require().timeline
    expect(timelineA.verify(incident.id)).toMatchObject({ intact: true, events: 5 })
    const versions = timelineA.list(incident.id, { limit: 10 }).map((e) => e.hashVersion ?? 1)
    expect(versions).toEqual([1, 1, 1, 1, 2])

    const text = await bundleOf(a.core, incident.id)
    const events = (JSON.parse(text) as { events: { hashVersion?: number }[] }).events
    expect(events.map((e) => e.hashVersion ?? 1)).toEqual([1, 1, 1, 1, 2])

    const b = coreOn(tempDir(), 1_700_000_200_000)
    const result = b.core.exports().import({ content: text, actor: 'kenji' })
    expect(result).toMatchObject({ mode: 'created', added: 5 })
    expect(result.signers.length).toBeGreaterThan(0)
    expect(b.core.data.require().timeline.list(incident.id, { limit: 10 })).toEqual(
      timelineA.list(incident.id, { limit: 10 }),
    )
    expect(b.core.data.require().timeline.verify(incident.id)).toMatchObject({ intact: true })

    // A recordedAt changed in the bundle: version 2 covers it, so the import refuses.
    const forged = JSON.parse(text) as { events: { recordedAt: number }[] }
    forged.events[4]!.recordedAt += 1
    const c = coreOn(tempDir(), 1_700_000_300_000)
    expect(() => c.core.exports().import({ content: JSON.stringify(forged), actor: null })).toThrow(
      /event #5 was changed after it was written/,
    )

    // Both sides go on, then B's copy merges back into A: one chain, intact, nothing doubled.
    b.core.incidents().incidents.addNote(incident.id, { text: 'from b', actor: 'kenji' })
    a.core.incidents().incidents.addNote(incident.id, { text: 'from a', actor: 'aiko' })
    const merged = a.core
      .exports()
      .import({ content: await bundleOf(b.core, incident.id), actor: 'aiko' })
    expect(merged).toMatchObject({ mode: 'merged', added: 1 })
    // 5 + one note each side + the merge's own record of the import.
    expect(timelineA.verify(incident.id)).toMatchObject({ intact: true, events: 8 })
    const texts = timelineA.list(incident.id, { limit: 20 }).map((e) => e.payload.text)
    expect(texts.filter((t) => t === 'from b')).toHaveLength(1)
  })
})
