// Migration 2 on a database that already holds foundation-era incidents and events: the list
// and search work for them too.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { listIncidents } from '../../../src/main/core/incidents/incidentList'
import {
  latestSchemaVersion,
  migrate,
  migrations,
  schemaVersion,
} from '../../../src/main/core/store/migrations'
import { GENESIS_HASH } from '../../../src/main/core/store/hashChain'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { tempDir } from '../../helpers/tempDir'

describe('migration 2', () => {
  it('backfills services and the search index from existing rows and events', () => {
    const path = join(tempDir(), 'old.db')
    const db = new Database(path)
    const first = migrations.find((m) => m.version === 1)
    if (!first) throw new Error('no migration 1')
    db.exec(first.sql)
    db.pragma('user_version = 1')
    const id = createIncidentRow(db, {
      title: 'Nginx 502 storm',
      severity: 'P2',
      at: 1_700_000_000_000,
      data: { services: ['nginx', 'api'] },
    })
    // As a foundation-era Sitrep stored it (today's Timeline writes columns migration 9 adds).
    db.prepare(
      `INSERT INTO timeline_events (uid, incident_id, seq, at, recorded_at, tz, kind, actor, payload, amends, prev_hash, hash)
       VALUES ('e1', ?, 1, 1, 1, 'UTC', 'note', NULL, ?, NULL, ?, ?)`,
    ).run(id, JSON.stringify({ text: 'upstream タイムアウト頻発' }), GENESIS_HASH, GENESIS_HASH)

    // Every later migration runs over the same data too: the foundation-era rows must survive them.
    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(schemaVersion(db)).toBe(latestSchemaVersion)
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(2)
    expect(listIncidents(db, { service: 'NGINX' }).total).toBe(1)
    const found = listIncidents(db, { text: 'タイムアウト' })
    expect(found.items.map((i) => i.id)).toEqual([id])
    expect(found.items[0]?.matches?.[0]?.kind).toBe('note')
    expect(listIncidents(db, { text: '502 storm' }).items[0]?.matches?.[0]?.source).toBe('title')
    db.close()
  })

  it('the bundled SQLite has FTS5 with the trigram tokenizer', () => {
    const db = new Database(':memory:')
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'trigram')")
    db.prepare('INSERT INTO t (body) VALUES (?)').run('データベース接続エラー')
    expect(db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?').get('"接続エラー"')).toEqual({
      n: 1,
    })
    db.close()
  })
})
