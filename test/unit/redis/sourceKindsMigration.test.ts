// Migration 10 rebuilds metric_sources without the CHECK that listed the first five kinds: a
// database made before it keeps every source (and its sealed password's id) and then accepts a
// Redis source; an empty kind is still refused.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, migrations } from '../../../src/main/core/store/migrations'

describe('migration 10: metric source kinds', () => {
  it('keeps the sources of an older database and accepts kind redis afterwards', () => {
    const db = new Database(':memory:')
    try {
      for (const m of migrations.filter((x) => x.version <= 9)) {
        db.exec(m.sql)
        db.pragma(`user_version = ${m.version}`)
      }
      db.prepare(
        `INSERT INTO metric_sources (id, kind, name, config, secret_id, created_at, updated_at)
         VALUES ('pg-1', 'postgres', 'orders db', '{"host":"db"}', 'secret-9', 1, 2)`,
      ).run()
      // Before: the CHECK refuses the new kind.
      expect(() =>
        db
          .prepare(
            `INSERT INTO metric_sources (id, kind, name, config, created_at, updated_at)
             VALUES ('r-0', 'redis', 'cache', '{}', 1, 1)`,
          )
          .run(),
      ).toThrow(/CHECK/)

      migrate(db)
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10)
      expect(db.prepare('SELECT * FROM metric_sources').all()).toEqual([
        {
          id: 'pg-1',
          kind: 'postgres',
          name: 'orders db',
          config: '{"host":"db"}',
          secret_id: 'secret-9',
          created_at: 1,
          updated_at: 2,
        },
      ])
      db.prepare(
        `INSERT INTO metric_sources (id, kind, name, config, created_at, updated_at)
         VALUES ('r-1', 'redis', 'cache', '{}', 1, 1)`,
      ).run()
      expect(() =>
        db
          .prepare(
            `INSERT INTO metric_sources (id, kind, name, config, created_at, updated_at)
             VALUES ('x', '', 'nameless kind', '{}', 1, 1)`,
          )
          .run(),
      ).toThrow(/CHECK/)
    } finally {
      db.close()
    }
  })
})
