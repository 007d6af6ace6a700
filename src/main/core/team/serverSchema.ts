// The team's PostgreSQL schema, owned by Sitrep: numbered migrations applied by an admin role
// (`npx sitrep-team init`), recorded in sitrep.schema_version. The app checks the recorded
// version before it syncs and refuses a server newer than it knows.
//
// What the schema guarantees, whatever a responder's laptop runs:
// - events are immutable: responders' roles (members of sitrep_responder) get SELECT and INSERT
//   only, and a trigger refuses UPDATE and DELETE even to the owner;
// - row-level security makes `author = current_user` on insert: nobody writes as another;
// - the order a pull reads (server_seq) is commit order. A BEFORE INSERT trigger takes the next
//   number from the team's counter row, whose row lock is held until the push commits, so a
//   second push waits for the first and can never get a number, and commit, before it. A plain
//   sequence would not do: nextval() runs at insert, the row shows at commit, and a cursor past
//   101 never sees 100 committing late. A rollback undoes the counter too (no gap); a duplicate
//   that ON CONFLICT skips takes no number that stays used. Nothing here depends on other applications'
//   transactions (a snapshot-horizon scheme would stall on any long one).
import type { ClientBase } from 'pg'
import type { TeamQueryable } from './connectionThread'

export interface ServerMigration {
  version: number
  name: string
  sql: string
}

export const RESPONDER_ROLE = 'sitrep_responder'

export const serverMigrations: ServerMigration[] = [
  {
    version: 1,
    name: 'events, team counters, responder role',
    sql: `
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${RESPONDER_ROLE}') THEN
          CREATE ROLE ${RESPONDER_ROLE} NOLOGIN;
        END IF;
      END $$;

      CREATE TABLE sitrep.teams (
        team text PRIMARY KEY CHECK (team <> '' AND length(team) <= 100),
        -- The last server_seq handed out (see assign_seq).
        last_seq bigint NOT NULL DEFAULT 0
      );

      CREATE TABLE sitrep.events (
        team text NOT NULL,
        server_seq bigint NOT NULL,
        -- The install that wrote the event and its hash chain for this incident.
        origin text NOT NULL CHECK (length(origin) BETWEEN 1 AND 100),
        origin_name text NOT NULL CHECK (length(origin_name) <= 200),
        uid text NOT NULL CHECK (length(uid) BETWEEN 1 AND 200),
        incident_id text NOT NULL CHECK (length(incident_id) BETWEEN 1 AND 200),
        seq integer NOT NULL CHECK (seq > 0),
        at bigint NOT NULL,
        recorded_at bigint NOT NULL,
        tz text NOT NULL,
        kind text NOT NULL,
        actor text,
        -- The payload exactly as the laptop stored and hashed it.
        payload text NOT NULL,
        amends text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        hash_version integer NOT NULL,
        -- Hybrid logical clock: the order every laptop folds the incident in.
        hlc bigint NOT NULL,
        author text NOT NULL DEFAULT current_user,
        committed_at timestamptz,
        PRIMARY KEY (team, origin, uid),
        UNIQUE (team, server_seq),
        UNIQUE (team, incident_id, origin, seq)
      );

      -- Which responder writes as which install: the first to push an origin owns it, so no
      -- one can write into (or fork) another laptop's hash chain.
      CREATE TABLE sitrep.origins (
        team text NOT NULL,
        origin text NOT NULL,
        author text NOT NULL,
        PRIMARY KEY (team, origin)
      );

      -- The first row of a team in a transaction locks the team's counter row (FOR UPDATE, held
      -- until commit) and reads it; later rows count on in a transaction-local setting, so a
      -- batch of 2 000 rows writes the counter once (after_push), not 2 000 times.
      CREATE FUNCTION sitrep.assign_seq() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, sitrep AS $fn$
      DECLARE
        key text := 'sitrep.seq_' || md5(NEW.team);
        next bigint := nullif(current_setting(key, true), '')::bigint;
      BEGIN
        IF next IS NULL THEN
          INSERT INTO sitrep.teams (team) VALUES (NEW.team) ON CONFLICT DO NOTHING;
          SELECT last_seq INTO next FROM sitrep.teams WHERE team = NEW.team FOR UPDATE;
        END IF;
        next := next + 1;
        PERFORM set_config(key, next::text, true);
        NEW.server_seq := next;
        NEW.committed_at := clock_timestamp();
        RETURN NEW;
      END $fn$;
      REVOKE ALL ON FUNCTION sitrep.assign_seq() FROM PUBLIC;
      CREATE TRIGGER events_assign_seq BEFORE INSERT ON sitrep.events
        FOR EACH ROW EXECUTE FUNCTION sitrep.assign_seq();

      -- Once per statement, over the rows it inserted: the counter row gets the highest number
      -- (still under the lock), new installs are bound to their author, and a row written into
      -- another responder's install is refused (the whole statement with it).
      CREATE FUNCTION sitrep.after_push() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, sitrep AS $fn$
      DECLARE
        bad record;
      BEGIN
        UPDATE sitrep.teams t SET last_seq = m.top
          FROM (SELECT team, max(server_seq) AS top FROM new_rows GROUP BY team) m
          WHERE t.team = m.team AND t.last_seq < m.top;
        INSERT INTO sitrep.origins (team, origin, author)
          SELECT DISTINCT ON (team, origin) team, origin, author FROM new_rows
          ON CONFLICT DO NOTHING;
        SELECT n.origin, o.author AS owner, n.author INTO bad
          FROM new_rows n JOIN sitrep.origins o USING (team, origin)
          WHERE o.author <> n.author LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'install % writes as %, not %', bad.origin, bad.owner, bad.author
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $fn$;
      REVOKE ALL ON FUNCTION sitrep.after_push() FROM PUBLIC;
      CREATE TRIGGER events_after_push AFTER INSERT ON sitrep.events
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION sitrep.after_push();

      CREATE FUNCTION sitrep.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'sitrep events are immutable: write a new event instead';
      END $fn$;
      CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON sitrep.events
        FOR EACH ROW EXECUTE FUNCTION sitrep.refuse_change();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON sitrep.events
        FOR EACH STATEMENT EXECUTE FUNCTION sitrep.refuse_change();

      ALTER TABLE sitrep.events ENABLE ROW LEVEL SECURITY;
      CREATE POLICY events_read ON sitrep.events FOR SELECT TO ${RESPONDER_ROLE} USING (true);
      CREATE POLICY events_own ON sitrep.events FOR INSERT TO ${RESPONDER_ROLE}
        WITH CHECK (author = current_user::text);

      GRANT USAGE ON SCHEMA sitrep TO ${RESPONDER_ROLE};
      GRANT SELECT ON sitrep.schema_version, sitrep.teams, sitrep.origins TO ${RESPONDER_ROLE};
      GRANT SELECT, INSERT ON sitrep.events TO ${RESPONDER_ROLE};
    `,
  },
  {
    version: 2,
    name: 'presence, shared transcripts',
    sql: `
      -- Who is in the war room: one row per install, upserted by its heartbeat. seen_at is the
      -- server's clock (a trigger sets it), so a laptop's skewed clock cannot keep a row alive
      -- or expire it early; readers compare it with the server's now() too.
      CREATE TABLE sitrep.presence (
        team text NOT NULL CHECK (team <> '' AND length(team) <= 100),
        origin text NOT NULL CHECK (length(origin) BETWEEN 1 AND 100),
        origin_name text NOT NULL CHECK (length(origin_name) <= 200),
        author text NOT NULL DEFAULT current_user,
        display_name text NOT NULL CHECK (length(display_name) <= 200),
        role text NOT NULL CHECK (length(role) <= 100),
        -- [{kind, title, incidentId}]: host names and target labels, never secrets.
        panes jsonb NOT NULL DEFAULT '[]' CHECK (octet_length(panes::text) <= 16384),
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, origin)
      );
      CREATE FUNCTION sitrep.presence_seen() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.seen_at := clock_timestamp();
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER presence_seen BEFORE INSERT OR UPDATE ON sitrep.presence
        FOR EACH ROW EXECUTE FUNCTION sitrep.presence_seen();
      ALTER TABLE sitrep.presence ENABLE ROW LEVEL SECURITY;
      CREATE POLICY presence_read ON sitrep.presence FOR SELECT TO ${RESPONDER_ROLE} USING (true);
      CREATE POLICY presence_insert ON sitrep.presence FOR INSERT TO ${RESPONDER_ROLE}
        WITH CHECK (author = current_user::text);
      -- An upsert onto another responder's row fails this USING: nobody refreshes, moves or
      -- removes someone else's presence.
      CREATE POLICY presence_update ON sitrep.presence FOR UPDATE TO ${RESPONDER_ROLE}
        USING (author = current_user::text) WITH CHECK (author = current_user::text);
      CREATE POLICY presence_delete ON sitrep.presence FOR DELETE TO ${RESPONDER_ROLE}
        USING (author = current_user::text);
      GRANT SELECT, INSERT, UPDATE, DELETE ON sitrep.presence TO ${RESPONDER_ROLE};

      -- A session's transcript a responder chose to share for an incident, redacted on the
      -- laptop before it was sent. Immutable like events: INSERT and SELECT only.
      CREATE TABLE sitrep.transcripts (
        team text NOT NULL,
        origin text NOT NULL CHECK (length(origin) BETWEEN 1 AND 100),
        session_id text NOT NULL CHECK (length(session_id) BETWEEN 1 AND 200),
        origin_name text NOT NULL CHECK (length(origin_name) <= 200),
        author text NOT NULL DEFAULT current_user,
        incident_id text NOT NULL CHECK (length(incident_id) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (length(kind) <= 20),
        title text NOT NULL CHECK (length(title) <= 500),
        cols integer NOT NULL,
        rows integer NOT NULL,
        started_at bigint NOT NULL,
        shared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, origin, session_id)
      );
      CREATE TABLE sitrep.transcript_chunks (
        team text NOT NULL,
        origin text NOT NULL,
        session_id text NOT NULL,
        -- The chunk's row id on the laptop: the order, and what was pushed already.
        n bigint NOT NULL,
        author text NOT NULL DEFAULT current_user,
        at bigint NOT NULL,
        direction text NOT NULL CHECK (direction IN ('o', 'r')),
        -- Redacted text (output) or "colsxrows" (resize). Keystrokes are never shared.
        data text NOT NULL CHECK (length(data) <= 1048576),
        PRIMARY KEY (team, origin, session_id, n),
        FOREIGN KEY (team, origin, session_id) REFERENCES sitrep.transcripts
      );
      CREATE TRIGGER transcripts_immutable BEFORE UPDATE OR DELETE ON sitrep.transcripts
        FOR EACH ROW EXECUTE FUNCTION sitrep.refuse_change();
      CREATE TRIGGER transcript_chunks_immutable BEFORE UPDATE OR DELETE ON sitrep.transcript_chunks
        FOR EACH ROW EXECUTE FUNCTION sitrep.refuse_change();
      ALTER TABLE sitrep.transcripts ENABLE ROW LEVEL SECURITY;
      ALTER TABLE sitrep.transcript_chunks ENABLE ROW LEVEL SECURITY;
      CREATE POLICY transcripts_read ON sitrep.transcripts FOR SELECT TO ${RESPONDER_ROLE}
        USING (true);
      CREATE POLICY transcripts_own ON sitrep.transcripts FOR INSERT TO ${RESPONDER_ROLE}
        WITH CHECK (author = current_user::text);
      CREATE POLICY transcript_chunks_read ON sitrep.transcript_chunks FOR SELECT
        TO ${RESPONDER_ROLE} USING (true);
      -- Chunks go only under a transcript header the same responder wrote.
      CREATE POLICY transcript_chunks_own ON sitrep.transcript_chunks FOR INSERT
        TO ${RESPONDER_ROLE} WITH CHECK (author = current_user::text AND EXISTS (
          SELECT 1 FROM sitrep.transcripts t WHERE t.team = transcript_chunks.team
            AND t.origin = transcript_chunks.origin AND t.session_id = transcript_chunks.session_id
            AND t.author = current_user::text));
      GRANT SELECT, INSERT ON sitrep.transcripts, sitrep.transcript_chunks TO ${RESPONDER_ROLE};
    `,
  },
  {
    version: 3,
    name: 'chat notification deliveries',
    sql: `
      -- Which laptop sends each chat notification (issue #18): one row per idempotency key
      -- (event uid + the channel's keyed hash; never the webhook URL), claimed with
      -- INSERT … ON CONFLICT DO NOTHING. A claim holds a lease on the server's clock; a laptop
      -- that claimed and died leaves a lease that runs out, and another laptop takes the row over
      -- (an UPDATE only an expired 'sending' row allows). 'sent' and 'failed' are final.
      CREATE TABLE sitrep.deliveries (
        team text NOT NULL CHECK (team <> '' AND length(team) <= 100),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
        incident_id text NOT NULL CHECK (length(incident_id) BETWEEN 1 AND 200),
        claimed_by text NOT NULL DEFAULT current_user,
        origin text NOT NULL CHECK (length(origin) BETWEEN 1 AND 100),
        origin_name text NOT NULL CHECK (length(origin_name) <= 200),
        state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        lease_until timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        reason text CHECK (length(reason) <= 500),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, key)
      );
      CREATE FUNCTION sitrep.deliveries_final() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF OLD.state <> 'sending' THEN
          RAISE EXCEPTION 'delivery % is % already', OLD.key, OLD.state;
        END IF;
        NEW.updated_at := clock_timestamp();
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER deliveries_final BEFORE UPDATE ON sitrep.deliveries
        FOR EACH ROW EXECUTE FUNCTION sitrep.deliveries_final();
      CREATE TRIGGER deliveries_no_delete BEFORE DELETE ON sitrep.deliveries
        FOR EACH ROW EXECUTE FUNCTION sitrep.refuse_change();
      CREATE TRIGGER deliveries_no_truncate BEFORE TRUNCATE ON sitrep.deliveries
        FOR EACH STATEMENT EXECUTE FUNCTION sitrep.refuse_change();
      ALTER TABLE sitrep.deliveries ENABLE ROW LEVEL SECURITY;
      CREATE POLICY deliveries_read ON sitrep.deliveries FOR SELECT TO ${RESPONDER_ROLE}
        USING (true);
      CREATE POLICY deliveries_claim ON sitrep.deliveries FOR INSERT TO ${RESPONDER_ROLE}
        WITH CHECK (claimed_by = current_user::text);
      -- A responder updates its own claim (lease, outcome) or takes over one whose lease ran out,
      -- always as itself.
      CREATE POLICY deliveries_update ON sitrep.deliveries FOR UPDATE TO ${RESPONDER_ROLE}
        USING (claimed_by = current_user::text OR (state = 'sending' AND lease_until < now()))
        WITH CHECK (claimed_by = current_user::text);
      GRANT SELECT, INSERT ON sitrep.deliveries TO ${RESPONDER_ROLE};
      GRANT UPDATE (claimed_by, origin, origin_name, state, lease_until, attempts, reason,
        claimed_at) ON sitrep.deliveries TO ${RESPONDER_ROLE};
    `,
  },
]

/** The newest server schema this Sitrep knows. */
export const SERVER_SCHEMA_VERSION = serverMigrations[serverMigrations.length - 1]?.version ?? 0

/** Any lock id will do as long as every Sitrep uses the same one: two inits never interleave. */
const INIT_LOCK = 0x53526570

export class TeamSchemaError extends Error {
  constructor(
    readonly reason: 'missing' | 'too-old' | 'too-new',
    message: string,
  ) {
    super(message)
    this.name = 'TeamSchemaError'
  }
}

/** The version recorded on the server; 0 when Sitrep's schema was never installed. */
export async function serverSchemaVersion(client: TeamQueryable): Promise<number> {
  const exists = await client.query<{ ok: boolean }>(
    `SELECT to_regclass('sitrep.schema_version') IS NOT NULL AS ok`,
  )
  if (!exists.rows[0]?.ok) return 0
  const r = await client.query<{ v: number | null }>(
    'SELECT max(version)::int AS v FROM sitrep.schema_version',
  )
  return r.rows[0]?.v ?? 0
}

/** Throws TeamSchemaError unless the server holds exactly the schema this Sitrep knows. */
export async function checkServerSchema(client: TeamQueryable): Promise<number> {
  const v = await serverSchemaVersion(client)
  if (v === 0)
    throw new TeamSchemaError(
      'missing',
      'The team database has no Sitrep schema yet: an admin runs `npx sitrep-team init` once.',
    )
  if (v > SERVER_SCHEMA_VERSION)
    throw new TeamSchemaError(
      'too-new',
      `The team database was set up by a newer Sitrep (server schema ${v}, this Sitrep knows up to ${SERVER_SCHEMA_VERSION}). Update Sitrep on this laptop before syncing; nothing was sent or changed.`,
    )
  if (v < SERVER_SCHEMA_VERSION)
    throw new TeamSchemaError(
      'too-old',
      `The team database has server schema ${v}; this Sitrep needs ${SERVER_SCHEMA_VERSION}. An admin runs \`npx sitrep-team init\` to upgrade it.`,
    )
  return v
}

/**
 * Applies every migration newer than the server's, each in its own transaction, as the admin
 * role `client` is connected as. Returns the versions applied. Refuses a newer server.
 */
export async function initServerSchema(client: ClientBase): Promise<number[]> {
  const applied: number[] = []
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [INIT_LOCK])
    await client.query('CREATE SCHEMA IF NOT EXISTS sitrep')
    await client.query(`CREATE TABLE IF NOT EXISTS sitrep.schema_version (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      applied_by text NOT NULL DEFAULT current_user
    )`)
    const current = await serverSchemaVersion(client)
    if (current > SERVER_SCHEMA_VERSION)
      throw new TeamSchemaError(
        'too-new',
        `The team database has server schema ${current}, newer than this Sitrep (${SERVER_SCHEMA_VERSION}): run init from the newer Sitrep.`,
      )
    for (const m of serverMigrations) {
      if (m.version <= current) continue
      await client.query(m.sql)
      await client.query('INSERT INTO sitrep.schema_version (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ])
      applied.push(m.version)
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
  return applied
}

/** A quoted SQL identifier (role names come from the admin's command line). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Makes `role` a responder: a login role in sitrep_responder. The password is sent as a
 * literal inside CREATE/ALTER ROLE (PostgreSQL takes no parameters there), escaped; it is the
 * admin's own command, on the admin's connection.
 */
export async function addResponder(
  client: ClientBase,
  role: string,
  /** null: no password at all, for a responder who logs in with a client certificate. */
  password: string | null,
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/.test(role))
    throw new Error(`Role name ${JSON.stringify(role)} is not a plain PostgreSQL role name.`)
  const literal = password === null ? 'NULL' : `'${password.replace(/'/g, "''")}'`
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
  const verb = exists.rowCount ? 'ALTER' : 'CREATE'
  await client.query(`${verb} ROLE ${quoteIdent(role)} LOGIN PASSWORD ${literal}`)
  await client.query(`GRANT ${RESPONDER_ROLE} TO ${quoteIdent(role)}`)
}
