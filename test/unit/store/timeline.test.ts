import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { Timeline } from '../../../src/main/core/store/timeline'
import { GENESIS_HASH, canonicalJson } from '../../../src/main/core/store/hashChain'
import { tempDir } from '../../helpers/tempDir'
import type { JsonObject } from '../../../src/shared/contract'

function setup() {
  const path = join(tempDir(), 'sitrep.db')
  const db = openDatabase(path)
  let t = 1_700_000_000_000
  const clock = { now: () => t++ }
  const incident = createIncidentRow(db, { title: 'API down', severity: 'P1', at: clock.now() })
  const timeline = new Timeline(db, path, clock, 'Asia/Tokyo')
  return { db, path, timeline, incident }
}

describe('timeline', () => {
  it('appends events with consecutive seq numbers, linked by hash', () => {
    const { timeline, incident } = setup()
    const a = timeline.append(incident, {
      kind: 'incident.declared',
      payload: { title: 'API down' },
    })
    const b = timeline.append(incident, {
      kind: 'note',
      actor: 'aiko',
      payload: { text: 'DB 接続エラー' },
    })
    expect(a.seq).toBe(1)
    expect(a.prevHash).toBe(GENESIS_HASH)
    expect(b.seq).toBe(2)
    expect(b.prevHash).toBe(a.hash)
    expect(b.tz).toBe('Asia/Tokyo')
    expect(timeline.verify(incident)).toEqual({
      intact: true,
      events: 2,
      brokenAtSeq: null,
      reason: null,
    })
  })

  it('appendMany is all or nothing', () => {
    const { timeline, incident } = setup()
    timeline.append(incident, { kind: 'note', payload: { text: 'first' } })
    expect(() =>
      timeline.appendMany(incident, [
        { kind: 'note', payload: { text: 'ok' } },
        { kind: '', payload: { text: 'no kind' } },
      ]),
    ).toThrow(/needs a kind/)
    expect(timeline.list(incident, { limit: 10 }).map((e) => e.payload.text)).toEqual(['first'])
    expect(timeline.verify(incident).intact).toBe(true)
  })

  it('refuses events for an unknown incident', () => {
    const { timeline } = setup()
    expect(() => timeline.append('nope', { kind: 'note' })).toThrow(/Incident nope was not found/)
  })

  it('pages backwards from the newest event, each page in order', () => {
    const { timeline, incident } = setup()
    timeline.appendMany(
      incident,
      Array.from({ length: 25 }, (_, i) => ({ kind: 'note', payload: { n: i + 1 } })),
    )
    const newest = timeline.list(incident, { limit: 10 })
    expect(newest.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
    const older = timeline.list(incident, { beforeSeq: 16, limit: 10 })
    expect(older.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
  })

  it('is append-only in the database itself', () => {
    const { db, timeline, incident } = setup()
    timeline.append(incident, { kind: 'note', payload: { text: 'x' } })
    expect(() => db.prepare("UPDATE timeline_events SET payload = '{}'").run()).toThrow(
      /append-only/,
    )
    expect(() => db.prepare('DELETE FROM timeline_events').run()).toThrow(/append-only/)
  })

  it('verify finds a tampered event', () => {
    const { db, timeline, incident } = setup()
    timeline.appendMany(incident, [
      { kind: 'note', payload: { text: 'one' } },
      { kind: 'note', payload: { text: 'two' } },
      { kind: 'note', payload: { text: 'three' } },
    ])
    // Someone edits the file behind Sitrep's back (the trigger does not bind them).
    db.exec('DROP TRIGGER timeline_events_append_only_update')
    db.prepare(`UPDATE timeline_events SET payload = '{"text":"TWO"}' WHERE seq = 2`).run()
    expect(timeline.verify(incident)).toMatchObject({ intact: false, brokenAtSeq: 2 })
  })

  it('verify finds a removed event', () => {
    const { db, timeline, incident } = setup()
    timeline.appendMany(incident, [{ kind: 'a' }, { kind: 'b' }, { kind: 'c' }])
    db.exec('DROP TRIGGER timeline_events_append_only_delete')
    db.prepare('DELETE FROM timeline_events WHERE seq = 2').run()
    expect(timeline.verify(incident)).toMatchObject({ intact: false, brokenAtSeq: 3 })
  })

  it('a correction is a new event pointing at the one it amends', () => {
    const { timeline, incident } = setup()
    const wrong = timeline.append(incident, { kind: 'note', payload: { text: 'restarted db-1' } })
    const fix = timeline.append(incident, {
      kind: 'note.amended',
      amends: wrong.uid,
      payload: { text: 'restarted db-2' },
    })
    expect(fix.amends).toBe(wrong.uid)
    expect(timeline.list(incident, { limit: 10 })).toHaveLength(2)
  })

  it('notifies listeners only after the commit', () => {
    const { timeline, incident, db } = setup()
    const seen: number[] = []
    timeline.onAppended((e) => {
      const row = db.prepare('SELECT seq FROM timeline_events WHERE uid = ?').get(e.uid)
      expect(row).toBeDefined()
      seen.push(e.seq)
    })
    timeline.appendMany(incident, [{ kind: 'a' }, { kind: 'b' }])
    expect(seen).toEqual([1, 2])
  })

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    )
  })
})

describe('timeline payloads', () => {
  it('hashes exactly what is stored, even with undefined keys and toJSON values', () => {
    const { timeline, incident } = setup()
    const sloppy = { text: 'y', link: undefined, when: new Date(0), list: [1, undefined] }
    const e = timeline.append(incident, { kind: 'note', payload: sloppy as unknown as JsonObject })
    expect(e.payload).toEqual({ text: 'y', when: '1970-01-01T00:00:00.000Z', list: [1, null] })
    expect(timeline.verify(incident).intact).toBe(true)
  })
})

describe('timeline transaction', () => {
  it('announces events appended inside it only after the commit', () => {
    const { db, timeline, incident } = setup()
    const heard: { seq: number; inTransaction: boolean }[] = []
    timeline.onAppended((e) => heard.push({ seq: e.seq, inTransaction: db.inTransaction }))
    timeline.transaction(() => {
      timeline.append(incident, { kind: 'note', payload: { text: 'a' } })
      timeline.append(incident, { kind: 'note', payload: { text: 'b' } })
      expect(heard).toEqual([])
    })
    expect(heard).toEqual([
      { seq: 1, inTransaction: false },
      { seq: 2, inTransaction: false },
    ])
  })

  it('announces nothing when it rolls back', () => {
    const { timeline, incident } = setup()
    const heard: number[] = []
    timeline.onAppended((e) => heard.push(e.seq))
    expect(() =>
      timeline.transaction(() => {
        timeline.append(incident, { kind: 'note', payload: { text: 'lost' } })
        throw new Error('projection update failed')
      }),
    ).toThrow('projection update failed')
    expect(heard).toEqual([])
    expect(timeline.list(incident, { limit: 10 })).toEqual([])
  })
})
