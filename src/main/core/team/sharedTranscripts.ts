// Shared transcripts (#18): a responder shares one session's transcript with the team for its
// incident. What leaves the laptop is the output (and resizes) passed through the export
// redactor with the text around each chunk (a secret split over chunks is still found), never
// the keystrokes; an unshared session's transcript is never read here at all. The server keeps
// the shared chunks immutable (serverSchema.ts, version 2); every responder reads them there.
//
// Which sessions are shared is this laptop's list (settings key team.sharedSessions). Each sync
// cycle tops up the ones whose recording grew: the whole transcript is redacted again from its
// start (so every chunk is judged with its context) and only chunks past what the server holds
// are sent. While a session is open and printing (its last chunk under 2 s old), its last 8 KB
// stay back, so a secret being printed across the edge is judged whole before any part of it
// goes; once it has been quiet that long, what it printed goes out whole.
//
// Reading: a transcript read from the server is kept on this laptop as it is read, and each sync
// cycle pulls what is new of the transcripts shared for the incidents this laptop follows (not
// closed here), so the replay works offline from that copy (keptTranscripts.ts: insert-only,
// bounded).
import type { TeamQueryable } from './connectionThread'
import type { RecordingPage, SharedTranscriptInfo } from '../../../shared/contract'
import { NotFoundError } from '../errors'
import { StreamRedactor, type Redactor } from '../export/domain'
import type { TeamSettings } from './connection'
import { headerOf, type KeptChunk, type KeptTranscripts } from './keptTranscripts'
import type { TeamLocal } from './local'

const SHARED_KEY = 'team.sharedSessions'
/** As StreamRedactor's context: what stays back while a session is still open. */
const HOLD_BACK = 8192
/** A session quiet for this long has finished printing what it was printing. */
const QUIET_MS = 2_000
const BATCH = 500
/** What one sync cycle pulls of shared transcripts at most (the rest with the next cycles). */
const PULL_BYTES_PER_CYCLE = 4 * 1024 * 1024
/** How often a cycle looks for new shared chunks when the last look found nothing to pull. */
const PULL_EVERY_MS = 2_000

export interface SharedSessionsSource {
  /** The laptop's recording, paged (the sessions facade). */
  recording(sessionId: string, afterId: number, maxBytes: number): RecordingPage
}

interface Outgoing {
  n: number
  at: number
  direction: 'o' | 'r'
  data: string
}

export class SharedTranscripts {
  /** Per session, what its recording looked like when last pushed (chunk count, ended). */
  private readonly pushed = new Map<string, string>()

  /** When a cycle last looked for shared chunks to pull (0: look at the next cycle). */
  private pulledAt = 0

  constructor(
    private readonly local: TeamLocal,
    private readonly source: () => SharedSessionsSource | null,
    private readonly redactor: () => Redactor | null,
    /** This laptop's copy of what others shared, for the replay offline. */
    readonly kept: KeptTranscripts,
    /** The laptop's clock (the recording's chunk times are this laptop's too). */
    private readonly now: () => number = Date.now,
  ) {}

  /** The sessions this laptop shares, each for the incident it was shared for. */
  list(): { sessionId: string; incidentId: string }[] {
    const v = this.local.readJson<unknown>(SHARED_KEY)
    if (!Array.isArray(v)) return []
    return v.filter(
      (x): x is { sessionId: string; incidentId: string } =>
        typeof x === 'object' &&
        x !== null &&
        typeof (x as Record<string, unknown>).sessionId === 'string' &&
        typeof (x as Record<string, unknown>).incidentId === 'string',
    )
  }

  /**
   * Marks a session shared for an incident (a pane is not tied to one: the responder shares it
   * for the incident open in front of them); its transcript goes out with the next cycle.
   */
  share(sessionId: string, incidentId: string): void {
    const source = this.source()
    if (!source) throw new Error('Sessions are not available.')
    source.recording(sessionId, 0, 1024) // NotFoundError for a session this laptop never had
    const list = this.list().filter((x) => x.sessionId !== sessionId)
    this.local.writeJson(SHARED_KEY, [...list, { sessionId, incidentId }])
  }

  /**
   * Pushes what each shared session recorded since the last push (inside a sync cycle). Returns
   * true when a printing session's tail was held back (worth another push once it is quiet).
   */
  async push(client: TeamQueryable, s: TeamSettings): Promise<boolean> {
    const source = this.source()
    if (!source) return false
    let waiting = false
    for (const { sessionId, incidentId } of this.list()) {
      let first: RecordingPage
      try {
        first = source.recording(sessionId, 0, 1024)
      } catch (err) {
        if (err instanceof NotFoundError) continue
        throw err
      }
      const info = first.info
      // Unchanged since the last push (no new chunk, not newly ended): nothing to judge again.
      const shape = `${info.chunkCount}:${info.endedAt ?? ''}`
      if (this.pushed.get(sessionId) === shape) continue
      const me = this.local.origin()
      await client.query(
        `INSERT INTO sitrep.transcripts (team, origin, session_id, origin_name, incident_id, kind,
           title, cols, rows, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [
          s.team,
          me.id,
          sessionId,
          me.name,
          incidentId,
          info.kind,
          info.title.slice(0, 500),
          info.cols,
          info.rows,
          info.startedAt,
        ],
      )
      const r = await client.query<{ n: string | null }>(
        `SELECT max(n) AS n FROM sitrep.transcript_chunks
         WHERE team = $1 AND origin = $2 AND session_id = $3`,
        [s.team, me.id, sessionId],
      )
      const onServer = Number(r.rows[0]?.n ?? 0)
      const { out: all, heldBack } = this.redacted(source, sessionId, info.endedAt === null)
      const out = all.filter((c) => c.n > onServer)
      for (let i = 0; i < out.length; i += BATCH) {
        const batch = out.slice(i, i + BATCH)
        await client.query(
          `INSERT INTO sitrep.transcript_chunks (team, origin, session_id, n, at, direction, data)
           SELECT $1, $2, $3, n, at, direction, data
           FROM unnest($4::int8[], $5::int8[], $6::text[], $7::text[]) AS b(n, at, direction, data)
           ON CONFLICT DO NOTHING`,
          [
            s.team,
            me.id,
            sessionId,
            batch.map((c) => c.n),
            batch.map((c) => c.at),
            batch.map((c) => c.direction),
            batch.map((c) => c.data),
          ],
        )
      }
      // A tail held back goes with a later cycle: only a complete push marks the shape done.
      if (!heldBack) this.pushed.set(sessionId, shape)
      else {
        this.pushed.delete(sessionId)
        waiting = true
      }
    }
    return waiting
  }

  /** The session's output and resizes, redacted, with its tail held back while it is open. */
  private redacted(
    source: SharedSessionsSource,
    sessionId: string,
    open: boolean,
  ): { out: Outgoing[]; heldBack: boolean } {
    const redactor = this.redactor()
    // No redactor, nothing goes: the transcript is never sent unredacted.
    if (!redactor) throw new Error('The export redactor is not available.')
    const stream = new StreamRedactor<{ n: number; at: number }>(redactor)
    const decoder = new TextDecoder('utf-8')
    const out: Outgoing[] = []
    const take = (chunks: ReturnType<StreamRedactor<{ n: number; at: number }>['flush']>) => {
      for (const c of chunks) out.push({ n: c.tag.n, at: c.tag.at, direction: 'o', data: c.text })
    }
    let after = 0
    for (;;) {
      const page = source.recording(sessionId, after, 4 * 1024 * 1024)
      for (const c of page.chunks) {
        // Keystrokes (direction i) are never shared: what was typed shows in the echoed output,
        // where the redactor sees it; a password typed at a prompt is not echoed.
        if (c.direction === 'r')
          out.push({
            n: c.id,
            at: c.at,
            direction: 'r',
            data: Buffer.from(c.data, 'base64').toString(),
          })
        else if (c.direction === 'o')
          take(
            stream.push(decoder.decode(Buffer.from(c.data, 'base64'), { stream: true }), {
              n: c.id,
              at: c.at,
            }),
          )
      }
      if (page.nextAfterId === null) break
      after = page.nextAfterId
    }
    take(stream.flush())
    out.sort((a, b) => a.n - b.n)
    const last = out[out.length - 1]
    if (!open || !last || this.now() - last.at >= QUIET_MS) return { out, heldBack: false }
    let tail = 0
    let keep = out.length
    while (keep > 0 && tail < HOLD_BACK) tail += (out[--keep] as Outgoing).data.length
    return { out: out.slice(0, keep), heldBack: true }
  }

  /** Transcripts shared for an incident, as the server holds them. */
  async listShared(
    client: TeamQueryable,
    team: string,
    incidentId: string,
  ): Promise<SharedTranscriptInfo[]> {
    const me = this.local.origin().id
    const r = await client.query<ServerHeader & { chunks: string }>(
      `SELECT t.*, (SELECT count(*) FROM sitrep.transcript_chunks c WHERE c.team = t.team
          AND c.origin = t.origin AND c.session_id = t.session_id) AS chunks
       FROM sitrep.transcripts t WHERE t.team = $1 AND t.incident_id = $2
         -- Listed once something of it is there to replay (an open session's tail waits).
         AND EXISTS (SELECT 1 FROM sitrep.transcript_chunks c WHERE c.team = t.team
           AND c.origin = t.origin AND c.session_id = t.session_id)
       ORDER BY t.started_at, t.origin, t.session_id`,
      [team, incidentId],
    )
    const kept = this.kept.keptCounts(team, incidentId)
    return r.rows.map((t) => ({
      ...headerOf(t),
      chunks: Number(t.chunks),
      self: t.origin === me,
      kept: kept.get(`${t.origin}/${t.session_id}`) ?? 0,
      offline: false,
    }))
  }

  /**
   * Pulls into this laptop's copy what is new of the transcripts others shared for the incidents
   * it follows (inside a sync cycle, on its connection), at most PULL_BYTES_PER_CYCLE. Returns
   * true when more is waiting (worth another cycle soon).
   */
  async pullFollowed(
    client: TeamQueryable,
    team: string,
    incidentIds: readonly string[],
  ): Promise<boolean> {
    if (!incidentIds.length || this.now() - this.pulledAt < PULL_EVERY_MS) return false
    const me = this.local.origin().id
    const r = await client.query<ServerHeader & { last: string | null }>(
      `SELECT t.origin, t.origin_name, t.author, t.session_id, t.incident_id, t.kind, t.title,
         t.cols, t.rows, t.started_at,
         (SELECT max(n) FROM sitrep.transcript_chunks c WHERE c.team = t.team
            AND c.origin = t.origin AND c.session_id = t.session_id) AS last
       FROM sitrep.transcripts t
       WHERE t.team = $1 AND t.incident_id = ANY($2::text[]) AND t.origin <> $3`,
      [team, [...incidentIds], me],
    )
    let budget = PULL_BYTES_PER_CYCLE
    let more = false
    for (const t of r.rows) {
      const header = headerOf(t)
      const kept = this.kept.keptOf(team, t.origin, t.session_id)
      if (Number(t.last ?? 0) <= kept.n || !this.kept.hasRoom(team, t.origin, t.session_id))
        continue
      if (budget <= 0) {
        more = true
        break
      }
      const { chunks } = await this.serverChunks(
        client,
        team,
        t.origin,
        t.session_id,
        kept.n,
        budget,
      )
      const taken: KeptChunk[] = []
      for (const c of chunks) {
        if (budget <= 0) break
        budget -= Buffer.byteLength(c.data)
        taken.push(c)
      }
      const added = this.kept.keep(team, header, kept.n, taken)
      // More of it waits when the read or the budget stopped before its end (not the bounds).
      const reached = taken[taken.length - 1]?.n ?? kept.n
      if (taken.length > 0 && added === taken.length && reached < Number(t.last)) more = true
    }
    // Nothing left to pull: the next look waits PULL_EVERY_MS; more: the next cycle looks again.
    this.pulledAt = more ? 0 : this.now()
    return more
  }

  /**
   * The chunks of a shared transcript after chunk `after`, in order: at most `limit`, and only
   * as many as fit in `maxBytes` (always at least one; a chunk may hold up to 1 MB), so a read
   * never brings much more than its caller wants over the wire. `more`: chunks follow these.
   */
  private async serverChunks(
    client: TeamQueryable,
    team: string,
    origin: string,
    sessionId: string,
    after: number,
    maxBytes: number,
    limit = SERVER_PAGE,
  ): Promise<{ chunks: KeptChunk[]; more: boolean }> {
    const r = await client.query<{
      n: string
      at: string
      direction: 'o' | 'r'
      data: string
      page_rows: string
    }>(
      `SELECT n, at, direction, data, page_rows FROM (
         SELECT n, at, direction, data, count(*) OVER () AS page_rows,
           sum(octet_length(data)) OVER (ORDER BY n) - octet_length(data) AS before
         FROM (SELECT n, at, direction, data FROM sitrep.transcript_chunks
               WHERE team = $1 AND origin = $2 AND session_id = $3 AND n > $4
               ORDER BY n LIMIT $5) AS page
       ) AS sized WHERE before < $6 ORDER BY n`,
      [team, origin, sessionId, after, limit, maxBytes],
    )
    const inPage = Number(r.rows[0]?.page_rows ?? 0)
    return {
      chunks: r.rows.map((c) => ({
        n: Number(c.n),
        at: Number(c.at),
        direction: c.direction,
        data: c.data,
      })),
      // Cut by the bytes, or a full page (whose next read may find nothing: harmless).
      more: r.rows.length < inPage || inPage === limit,
    }
  }

  /** A page of a shared transcript, in the replay view's shape (chunk ids are the laptop's). */
  async page(
    client: TeamQueryable,
    team: string,
    origin: string,
    sessionId: string,
    afterId: number,
    maxBytes: number,
  ): Promise<RecordingPage> {
    const h = await client.query<ServerHeader & { bytes: string | null; chunks: string }>(
      `SELECT t.origin, t.origin_name, t.author, t.session_id, t.kind, t.title, t.cols, t.rows,
         t.started_at, t.incident_id,
         (SELECT sum(octet_length(data)) FROM sitrep.transcript_chunks c WHERE c.team = t.team
            AND c.origin = t.origin AND c.session_id = t.session_id AND c.direction = 'o') AS bytes,
         (SELECT count(*) FROM sitrep.transcript_chunks c WHERE c.team = t.team
            AND c.origin = t.origin AND c.session_id = t.session_id) AS chunks
       FROM sitrep.transcripts t WHERE t.team = $1 AND t.origin = $2 AND t.session_id = $3`,
      [team, origin, sessionId],
    )
    const t = h.rows[0]
    if (!t) throw new NotFoundError(`The shared transcript ${sessionId}`)
    const { chunks: rows, more: cut } = await this.serverChunks(
      client,
      team,
      origin,
      sessionId,
      afterId,
      maxBytes,
    )
    const chunks: RecordingPage['chunks'] = []
    const read: KeptChunk[] = []
    let bytes = 0
    let more = cut
    for (const c of rows) {
      const data = Buffer.from(c.data)
      if (chunks.length > 0 && bytes + data.length > maxBytes) {
        more = true
        break
      }
      bytes += data.length
      read.push(c)
      chunks.push({ id: c.n, at: c.at, direction: c.direction, data: data.toString('base64') })
    }
    // Opened here: kept, so the replay works offline too (from where the copy reaches).
    if (t.origin !== this.local.origin().id) this.kept.keep(team, headerOf(t), afterId, read)
    return {
      info: {
        sessionId,
        kind: t.kind as RecordingPage['info']['kind'],
        title: t.title,
        cols: t.cols,
        rows: t.rows,
        startedAt: Number(t.started_at),
        endedAt: null,
        exitCode: null,
        endReason: null,
        incidentId: t.incident_id,
        outputBytes: Number(t.bytes ?? 0),
        chunkCount: Number(t.chunks),
      },
      chunks,
      nextAfterId: more ? (chunks[chunks.length - 1]?.id ?? afterId) : null,
    }
  }
}

/** Chunks per read of a shared transcript from the server. */
const SERVER_PAGE = 2000

interface ServerHeader {
  origin: string
  origin_name: string
  author: string
  session_id: string
  incident_id: string
  kind: string
  title: string
  cols: number
  rows: number
  started_at: string
}
