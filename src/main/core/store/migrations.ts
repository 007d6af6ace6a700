// Numbered schema migrations, applied in order at start inside one transaction each.
// PRAGMA user_version records the last applied number. Never edit a shipped migration: add one.
import type Database from 'better-sqlite3'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Everything else about the incident (services, impact, roles, backdated times) as JSON:
        -- the timeline is the source of truth, this row is its current projection.
        data TEXT NOT NULL DEFAULT '{}'
      );

      -- Append-only and hash-chained per incident: the triggers below refuse UPDATE and DELETE.
      CREATE TABLE timeline_events (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        tz TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT,
        payload TEXT NOT NULL,
        amends TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (incident_id, seq)
      );
      CREATE TRIGGER timeline_events_append_only_update BEFORE UPDATE ON timeline_events
      BEGIN SELECT RAISE(ABORT, 'timeline events are append-only: add an amending event instead'); END;
      CREATE TRIGGER timeline_events_append_only_delete BEFORE DELETE ON timeline_events
      BEGIN SELECT RAISE(ABORT, 'timeline events are append-only: they cannot be deleted'); END;

      CREATE TABLE targets (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('local', 'ssh', 'kubectl', 'psql')),
        name TEXT NOT NULL,
        -- Connection settings as JSON. Secrets are never here: only ids into the secrets table.
        config TEXT NOT NULL DEFAULT '{}',
        tags TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- Ciphertext only, sealed by the key provider (Electron safeStorage in the app).
      CREATE TABLE secrets (
        id TEXT PRIMARY KEY,
        ciphertext BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        incident_id TEXT REFERENCES incidents(id),
        target_id TEXT REFERENCES targets(id),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        cols INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        exit_code INTEGER
      );

      -- Every byte in and out of every session, batched, before any UI throttling.
      -- direction: o = output, i = input, r = resize (payload "colsxrows").
      CREATE TABLE transcript_chunks (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        at INTEGER NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('o', 'i', 'r')),
        data BLOB NOT NULL
      );
      CREATE INDEX transcript_chunks_session ON transcript_chunks (session_id, id);

      CREATE TABLE checklist_state (
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        runbook_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        checked INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        changed_by TEXT,
        comment TEXT,
        PRIMARY KEY (incident_id, runbook_id, step_id)
      );

      CREATE TABLE metric_samples (
        source_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        at INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (source_id, metric, at)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
]

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies every migration newer than the file's user_version; each in its own transaction. */
export function migrate(db: Database.Database): number {
  let current = schemaVersion(db)
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    })()
    current = m.version
  }
  return current
}
