// Numbered schema migrations, applied in order at start inside one transaction each.
// PRAGMA user_version records the last applied number. Never edit a shipped migration: add one.
import type Database from 'better-sqlite3'

// Payload keys whose text is not worth searching: ids, hashes, enumerated codes, and the title
// in incident.declared (titles have their own search document that follows renames).
// Part of migration 2's SQL: like the migration itself, never change it once shipped. The search
// indexer (searchIndex.ts) uses the same list since the trigger was dropped (migration 12).
export const UNSEARCHED_KEYS_SQL = `(${[
  'uid',
  'target',
  'key',
  'incidentId',
  'sessionId',
  'eventUid',
  'hash',
  'lang',
  'title',
  'scheme',
  'severity',
  'impactScope',
  'detection',
  'field',
  'transition',
  'targetKind',
  'timer',
  'template',
  'role',
]
  .map((k) => `'${k}'`)
  .join(', ')})`

/** settings key: the highest timeline_events id stored before rows were sealed (migration 9). */
export const UNSEALED_THROUGH_KEY = 'timeline.unsealedThroughId'

/** settings key: the highest timeline_events id whose text is searchable (searchIndex.ts). */
export const SEARCH_INDEXED_THROUGH_KEY = 'search.indexedThroughId'

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
  {
    version: 2,
    name: 'incident list and full-text search',
    sql: `
      -- The incident list filters by status and date and shows open incidents first.
      CREATE INDEX incidents_status ON incidents (status, created_at);
      CREATE INDEX incidents_created ON incidents (created_at);

      -- Affected services of each incident, kept with the projection row, so "all incidents of
      -- service X" is an index lookup rather than a JSON scan of every incident.
      CREATE TABLE incident_services (
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        service TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (service, incident_id)
      ) WITHOUT ROWID;
      CREATE INDEX incident_services_incident ON incident_services (incident_id);
      INSERT OR IGNORE INTO incident_services (incident_id, service)
        SELECT i.id, s.value FROM incidents i, json_each(i.data, '$.services') s
        WHERE json_valid(i.data) AND s.type = 'text';

      -- What full-text search looks at: incident titles, the text of timeline events (notes,
      -- field changes, status updates, commands...) and terminal transcripts as plain text.
      -- source: title | event | transcript; ref: the event uid or the session id.
      CREATE TABLE search_docs (
        id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        source TEXT NOT NULL CHECK (source IN ('title', 'event', 'transcript')),
        ref TEXT,
        kind TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX search_docs_incident ON search_docs (incident_id, source);
      CREATE INDEX search_docs_ref ON search_docs (source, ref);

      -- Trigram tokens match any substring of 3+ characters, case-insensitively: Japanese has no
      -- spaces between words, so a word tokenizer would never find タイムアウト inside a sentence.
      -- External content: the text is stored once, in search_docs.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        body, content = 'search_docs', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
      END;
      CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
      END;
      CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
      END;

      -- Titles follow the incident row.
      CREATE TRIGGER incidents_search_ai AFTER INSERT ON incidents BEGIN
        INSERT INTO search_docs (incident_id, source, body) VALUES (new.id, 'title', new.title);
      END;
      CREATE TRIGGER incidents_search_au AFTER UPDATE OF title ON incidents
      WHEN new.title IS NOT old.title BEGIN
        UPDATE search_docs SET body = new.title WHERE incident_id = new.id AND source = 'title';
      END;

      -- Every timeline event is indexed as it is appended, whoever appends it, in the same
      -- transaction. Only its text values count, not ids, hashes or enumerated codes, and not
      -- the declared title (the title document has it).
      CREATE TRIGGER timeline_events_search_ai AFTER INSERT ON timeline_events BEGIN
        INSERT INTO search_docs (incident_id, source, ref, kind, body)
          SELECT new.incident_id, 'event', new.uid, new.kind, group_concat(t.value, char(10))
          FROM json_tree(new.payload) t
          WHERE t.type = 'text' AND (t.key IS NULL OR t.key NOT IN
            ${UNSEARCHED_KEYS_SQL})
          HAVING count(*) > 0;
      END;

      INSERT INTO search_docs (incident_id, source, body) SELECT id, 'title', title FROM incidents;
      INSERT INTO search_docs (incident_id, source, ref, kind, body)
        SELECT e.incident_id, 'event', e.uid, e.kind, group_concat(t.value, char(10))
        FROM timeline_events e, json_tree(e.payload) t
        WHERE json_valid(e.payload) AND t.type = 'text' AND (t.key IS NULL OR t.key NOT IN
          ${UNSEARCHED_KEYS_SQL})
        GROUP BY e.id;
    `,
  },
  {
    version: 3,
    name: 'runbooks',
    sql: `
      -- Every imported version of every runbook, Markdown kept as imported: an incident started
      -- on version 2 keeps reading version 2 after version 3 is imported.
      -- id is <lang>/<slug>; hash identifies the text, so an unchanged re-import adds nothing.
      CREATE TABLE runbooks (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        lang TEXT NOT NULL CHECK (lang IN ('en', 'ja')),
        source TEXT NOT NULL,
        markdown TEXT NOT NULL,
        hash TEXT NOT NULL,
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at INTEGER NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (id, version)
      );

      CREATE TABLE incident_runbooks (
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        runbook_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        started_by TEXT,
        PRIMARY KEY (incident_id, runbook_id),
        FOREIGN KEY (runbook_id, version) REFERENCES runbooks(id, version)
      );

      -- Placeholder values filled in during an incident, shared by all of its runbooks.
      CREATE TABLE incident_parameters (
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (incident_id, name)
      );

      -- Full output of every run; the command.ran timeline event carries excerpts and this id.
      CREATE TABLE runbook_runs (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        runbook_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        command_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX runbook_runs_incident ON runbook_runs (incident_id, runbook_id, started_at);
    `,
  },
  {
    version: 4,
    name: 'metric sources and sample retention',
    sql: `
      -- Configured metric sources. config is the source's settings as JSON, never a password:
      -- secret_id points into the sealed secrets table.
      CREATE TABLE metric_sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('host', 'http', 'prometheus', 'postgres', 'kubernetes')),
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        secret_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- Retention deletes by age and "everything around time T" reads by time across series.
      CREATE INDEX metric_samples_at ON metric_samples (at);
    `,
  },
  {
    version: 5,
    name: 'postmortems',
    sql: `
      -- The responder's edits to an incident's postmortem draft (sections as JSON fields). The
      -- facts (times, severity history, timeline) are always recomputed from the timeline.
      CREATE TABLE postmortems (
        incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
        lang TEXT NOT NULL CHECK (lang IN ('en', 'ja')),
        fields TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      );
    `,
  },
  {
    version: 6,
    name: 'runbook provenance',
    sql: `
      -- Where each runbook version came from: the file it was read from (NULL for pasted text)
      -- and the SHA-256 of its bytes as read. An unchanged file is recognised by its bytes, and
      -- two files that would share an id are told apart by their paths.
      ALTER TABLE runbooks ADD COLUMN path TEXT;
      ALTER TABLE runbooks ADD COLUMN sha256 TEXT;
    `,
  },
  {
    version: 7,
    name: 'session restore',
    sql: `
      -- How to open a session again after Sitrep stopped without closing it (crash, kill): JSON
      -- (ssh / kubectl with mode, namespace, pod, container / psql; local: ours, but its
      -- process dies with Sitrep), NULL for sessions that are not ours (imported).
      -- restored_from names the session a restored one replaces, so it is restored only once.
      ALTER TABLE sessions ADD COLUMN reopen TEXT;
      ALTER TABLE sessions ADD COLUMN restored_from TEXT REFERENCES sessions(id);
    `,
  },
  {
    version: 8,
    name: 'session end reason',
    sql: `
      -- Why a session's row was closed other than by the session ending ('crash': Sitrep stopped
      -- while it was open, and the next start closed it). NULL for a session that ended itself.
      ALTER TABLE sessions ADD COLUMN end_reason TEXT;
    `,
  },
  {
    version: 9,
    name: 'event hash version 2 and row seals',
    sql: `
      -- Events written from now on use hash version 2, which also covers recorded_at (version 1
      -- did not). Rows already stored keep version 1 and verify as such.
      ALTER TABLE timeline_events ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
      -- What no portable hash can cover, because another laptop numbers its rows differently:
      -- the row id. SHA-256 over the id, recorded_at, hash_version and hash, written with the
      -- row (timeline.ts rowSeal). NULL only on rows stored before this migration, whose highest
      -- id is recorded here: a later row without a seal is damage.
      ALTER TABLE timeline_events ADD COLUMN row_seal TEXT;
      INSERT OR REPLACE INTO settings (key, value)
        SELECT '${UNSEALED_THROUGH_KEY}', CAST(coalesce(max(id), 0) AS TEXT) FROM timeline_events;
    `,
  },
  {
    version: 10,
    name: 'metric source kinds beyond the first five',
    sql: `
      -- Redis sources (issue #19), with more kinds to come. SQLite cannot change a CHECK, so the
      -- table is rebuilt without the list of kinds: every save is checked against the contract's
      -- kinds (metricSourceInputSchema) instead, and a new kind needs no rebuild.
      CREATE TABLE metric_sources_v10 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind <> ''),
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        secret_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO metric_sources_v10 (id, kind, name, config, secret_id, created_at, updated_at)
        SELECT id, kind, name, config, secret_id, created_at, updated_at FROM metric_sources;
      DROP TABLE metric_sources;
      ALTER TABLE metric_sources_v10 RENAME TO metric_sources;
    `,
  },
  {
    version: 11,
    name: 'team sync',
    sql: `
      -- Issue #18. This install's own events (timeline_events) with their team clock and whether
      -- the team's server has committed them: pushed_at is set only after that commit.
      CREATE TABLE team_own_events (
        event_id INTEGER PRIMARY KEY REFERENCES timeline_events(id),
        hlc INTEGER NOT NULL,
        author TEXT NOT NULL,
        pushed_at INTEGER
      );
      CREATE INDEX team_own_events_waiting ON team_own_events (event_id) WHERE pushed_at IS NULL;
      -- Events other installs wrote, exactly as the server holds them; each origin's hash chain
      -- per incident is kept whole (seq and prev_hash are the origin's).
      CREATE TABLE team_events (
        origin TEXT NOT NULL,
        uid TEXT NOT NULL,
        origin_name TEXT NOT NULL,
        author TEXT NOT NULL,
        incident_id TEXT NOT NULL,
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
        hash_version INTEGER NOT NULL,
        hlc INTEGER NOT NULL,
        server_seq INTEGER NOT NULL,
        PRIMARY KEY (origin, uid),
        UNIQUE (incident_id, origin, seq)
      );
      CREATE TRIGGER team_events_append_only_update BEFORE UPDATE ON team_events
      BEGIN SELECT RAISE(ABORT, 'team events are append-only'); END;
      CREATE TRIGGER team_events_append_only_delete BEFORE DELETE ON team_events
      BEGIN SELECT RAISE(ABORT, 'team events are append-only'); END;
    `,
  },
  {
    version: 12,
    name: 'search indexing off the commit path',
    sql: `
      -- Issue #20. An append commits its event and chain only; the search indexer
      -- (store/searchIndex.ts) feeds committed events into search_docs in batches, from this
      -- high-water mark, moving it in the same transaction as the documents it adds. Every event
      -- stored so far was indexed by the trigger.
      DROP TRIGGER timeline_events_search_ai;
      INSERT OR REPLACE INTO settings (key, value)
        SELECT '${SEARCH_INDEXED_THROUGH_KEY}', CAST(coalesce(max(id), 0) AS TEXT) FROM timeline_events;
    `,
  },
  {
    version: 14,
    name: 'chat notifications outbox',
    sql: `
      -- Issue #18. Webhook channels of this install: the URL is a secret (secret_id points into
      -- secrets, sealed), only its host is kept in clear for the panel. kinds is a JSON array.
      -- team_key (a keyed hash of the URL, the same on every laptop that saved it) names a
      -- channel the team shares, so the team's server can say who sent what.
      CREATE TABLE notify_channels (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        lang TEXT NOT NULL,
        kinds TEXT NOT NULL,
        scope TEXT NOT NULL,
        secret_id TEXT NOT NULL,
        team_key TEXT NOT NULL,
        host TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      -- One row per (event, channel): key is the idempotency key. message is the rendered text
      -- (what the timeline already says, never the URL). claim_team is set when the team's
      -- server decides which laptop sends it.
      CREATE TABLE notify_outbox (
        key TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        event_uid TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        claim_team TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        queued_at INTEGER NOT NULL,
        first_try_at INTEGER,
        next_at INTEGER,
        sent_at INTEGER,
        sent_by TEXT
      );
      CREATE INDEX notify_outbox_due ON notify_outbox (next_at)
        WHERE state IN ('queued', 'retrying', 'sending');
      CREATE INDEX notify_outbox_incident ON notify_outbox (incident_id);
      -- Events already looked at: what was written before notifications existed is not sent.
      INSERT OR REPLACE INTO settings (key, value)
        SELECT 'notify.ownThrough', CAST(coalesce(max(id), 0) AS TEXT) FROM timeline_events;
      INSERT OR REPLACE INTO settings (key, value)
        SELECT 'notify.pulledThrough', CAST(coalesce(max(rowid), 0) AS TEXT) FROM team_events;
    `,
  },
  {
    version: 15,
    name: 'shared transcripts kept for offline replay',
    sql: `
      -- Issue #18. Transcripts other responders shared, as the team's server holds them (already
      -- redacted on the sharing laptop), kept once this laptop opened or pulled them so the
      -- replay works offline. Insert-only, like team_events; how much is kept is bounded by
      -- team/sharedTranscripts.ts (per transcript and in all), so the copy never grows past it.
      CREATE TABLE team_transcripts (
        team TEXT NOT NULL,
        origin TEXT NOT NULL,
        session_id TEXT NOT NULL,
        origin_name TEXT NOT NULL,
        author TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        cols INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        kept_at INTEGER NOT NULL,
        PRIMARY KEY (team, origin, session_id)
      ) WITHOUT ROWID;
      CREATE INDEX team_transcripts_incident ON team_transcripts (team, incident_id);
      CREATE TABLE team_transcript_chunks (
        team TEXT NOT NULL,
        origin TEXT NOT NULL,
        session_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        at INTEGER NOT NULL,
        direction TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (team, origin, session_id, n)
      ) WITHOUT ROWID;
      CREATE TRIGGER team_transcripts_insert_only_update BEFORE UPDATE ON team_transcripts
      BEGIN SELECT RAISE(ABORT, 'kept shared transcripts are insert-only'); END;
      CREATE TRIGGER team_transcripts_insert_only_delete BEFORE DELETE ON team_transcripts
      BEGIN SELECT RAISE(ABORT, 'kept shared transcripts are insert-only'); END;
      CREATE TRIGGER team_transcript_chunks_insert_only_update BEFORE UPDATE ON team_transcript_chunks
      BEGIN SELECT RAISE(ABORT, 'kept shared transcripts are insert-only'); END;
      CREATE TRIGGER team_transcript_chunks_insert_only_delete BEFORE DELETE ON team_transcript_chunks
      BEGIN SELECT RAISE(ABORT, 'kept shared transcripts are insert-only'); END;
    `,
  },
  {
    version: 16,
    name: 'events of one kind in an incident, by index',
    // Issue #20. At start the timer engine reads each open incident's fired timers and the
    // rollback rule its last deploy: by (incident_id, seq) that walked the whole incident
    // (~30-50 ms each at 100 000 events) before the app's first answers. One more B-tree entry
    // per append.
    sql: `
      CREATE INDEX timeline_events_kind ON timeline_events (incident_id, kind, seq);
      CREATE INDEX team_events_kind ON team_events (incident_id, kind);
    `,
  },
]

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0

/**
 * Stamped into the file header's application id ("SRep"): a SQLite file with another non-zero
 * id was written by another program, or its header is damaged. 0 is a file from before the stamp.
 */
export const SITREP_APPLICATION_ID = 0x53526570

/**
 * settings key: the schema version, written in the same transaction as user_version. The header
 * field alone cannot tell a damaged header from a newer Sitrep's file; the two agreeing can.
 */
export const SCHEMA_VERSION_KEY = 'schema.version'

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
      recordVersion(db, m.version)
    })()
    current = m.version
  }
  // Files from before the stamp and the second record get both on their next open.
  if (db.pragma('application_id', { simple: true }) !== SITREP_APPLICATION_ID)
    db.pragma(`application_id = ${SITREP_APPLICATION_ID}`)
  if (recordedVersion(db) !== current) recordVersion(db, current)
  return current
}

function recordVersion(db: Database.Database, version: number): void {
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(
    SCHEMA_VERSION_KEY,
    String(version),
  )
}

/** The schema version the file records in its settings table; null when it records none. */
export function recordedVersion(db: Database.Database): number | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SCHEMA_VERSION_KEY) as
    { value: string } | undefined
  return row ? Number(row.value) : null
}
