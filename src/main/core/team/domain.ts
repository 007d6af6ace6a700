// The team domain for one open database (issue #18): the connection to the team's PostgreSQL,
// the sync engine, the merged view of shared incidents and the per-origin chain check. This
// class is the domain's facade: rpc/team.ts calls its methods and nothing deeper.
import type Database from 'better-sqlite3'
import type { ChainVerdict } from '../../../shared/contract'
import type { Incident, Lang } from '../../../shared/incidents'
import {
  postmortemFieldsSchema,
  type JsonValue,
  type PostmortemFields,
} from '../../../shared/contract'
import { canonicalJson } from '../store/hashChain'
import type { RecordingPage } from '../../../shared/contract'
import type {
  PostmortemConflictView,
  PresencePane,
  SharedTranscriptInfo,
  TeamConflict,
  TeamOriginVerdict,
  TeamPresence,
  TeamProjection,
  TeamSettingsView,
  TeamStatus,
  TeamTimelinePage,
  TeamTimelineSince,
} from '../../../shared/teamSchemas'
import type { Redactor } from '../export/domain'
import type { Secrets } from '../secrets/secrets'
import { verifyChain } from '../store/hashChain'
import { eventFromRow, type EventRow, type Timeline } from '../store/timeline'
import { guardWrite } from '../store/writeGuard'
import { InvalidParamsError, NotFoundError, SitrepError } from '../errors'
import pg, { type ClientConfig } from 'pg'
import { clientConfig, serverKey, type TeamSettings } from './connection'
import type { TeamQueryable } from './connectionThread'
import { TeamLocal, type TeamEvent } from './local'
import {
  canonicalExport,
  canonicalHash,
  mergedOrder,
  project,
  Projector,
  type CheckpointPolicy,
  teamOrder,
} from './projection'
import { KeptTranscripts } from './keptTranscripts'
import { editOf, POSTMORTEM_EDITED, resolutionOf } from './postmortemSync'
import { Presence, type PresenceOptions } from './presence'
import { initServerSchema, SERVER_SCHEMA_VERSION } from './serverSchema'
import { SharedTranscripts, type SharedSessionsSource } from './sharedTranscripts'
import { SyncEngine, teamRoute, type SyncEngineOptions, type TeamTunnelOpener } from './sync'

export { SERVER_SCHEMA_VERSION } from './serverSchema'
export type { TeamEvent } from './local'

export interface TeamStoreLike {
  db: Database.Database
  path: string
  timeline: Timeline
  secrets: Secrets
}

export interface TeamDomainOptions {
  now: () => number
  onStatus?: (s: TeamStatus) => void
  onIncidentChanged?: (incident: Incident) => void
  /** Tunnels through an SSH host, for a team server reached that way. */
  tunnel?: TeamTunnelOpener
  onPresence?: (p: TeamPresence) => void
  /** The panes open on this laptop, for presence (the sessions facade; labels, no secrets). */
  panes?: () => PresencePane[]
  /** The laptop's recordings, for sharing a session's transcript (the sessions facade). */
  recordings?: () => SharedSessionsSource
  /** The export redactor: a shared transcript passes through it before it leaves. */
  redactor?: () => Redactor
  /** The postmortem drafts (the export facade): a team's edits are written back there. */
  postmortems?: () => TeamPostmortems
  /** Presence tuning (tests): heartbeat interval and expiry. */
  presence?: Partial<Pick<PresenceOptions, 'beatMs' | 'ttlMs'>>
  /** How often the incident folds keep a checkpoint for late events (tests: small incidents). */
  checkpoints?: CheckpointPolicy
  /** Engine tuning (tests and the benchmark). */
  engine?: Partial<
    Pick<
      SyncEngineOptions,
      'pollMs' | 'pollOnlyMs' | 'probeMs' | 'batchSize' | 'listenOverride' | 'queryTimeoutMs'
    >
  >
}

/** The export domain's postmortem drafts, as the team reads and writes them. */
export interface TeamPostmortems {
  draft(incidentId: string): { lang: Lang; fields: PostmortemFields; saved: boolean }
  apply(incidentId: string, lang: Lang, fields: PostmortemFields, by: string | null): void
}

/** What is saved: the settings and where the sealed password is. */
interface SavedSettings extends TeamSettings {
  secretId: string | null
}

export type TeamConfigureInput = TeamSettings & { password?: string | null | undefined }

export class TeamDomain {
  readonly local: TeamLocal
  readonly engine: SyncEngine
  readonly presence: Presence
  readonly transcripts: SharedTranscripts
  private readonly unsubscribe: () => void
  private tailTimer: ReturnType<typeof setTimeout> | null = null
  /** Why the last shared-transcript push failed (null when it did not). */
  transcriptError: string | null = null
  /** Each incident's fold so far, so a cycle adds what is new instead of refolding all. */
  private readonly folds = new Map<
    string,
    { projector: Projector; ownMax: number; foreignMax: number }
  >()
  /**
   * How the folds were kept up to date: events new to a fold, rewinds to a checkpoint, refolds
   * from scratch, and how many events those two folded again.
   */
  readonly foldStats = { events: 0, rewinds: 0, refolds: 0, refolded: 0 }

  constructor(
    private readonly store: TeamStoreLike,
    private readonly opts: TeamDomainOptions,
  ) {
    this.local = new TeamLocal(store.db, store.path)
    this.transcripts = new SharedTranscripts(
      this.local,
      () => opts.recordings?.() ?? null,
      () => opts.redactor?.() ?? null,
      new KeptTranscripts(store.db, store.path, opts.now),
    )
    this.engine = new SyncEngine({
      local: this.local,
      settings: () => this.connection(),
      now: opts.now,
      onStatus: (s) => opts.onStatus?.(s),
      onTouched: (ids) => this.reproject(ids),
      ...(opts.tunnel ? { tunnel: opts.tunnel } : {}),
      afterPush: async (client, s) => {
        try {
          // A printing session's tail goes once it has been quiet (QUIET_MS), not at the next poll.
          if ((await this.transcripts.push(client, s)) && !this.tailTimer)
            this.tailTimer = setTimeout(() => {
              this.tailTimer = null
              this.engine.kick()
            }, 2_100)
          this.transcriptError = null
        } catch (err) {
          // A transcript that cannot be redacted or sent now must not stop the incident's sync:
          // it is tried again next cycle (a cut connection fails the pull right after anyway).
          this.transcriptError = err instanceof Error ? err.message : String(err)
        }
        try {
          // What others shared for the incidents followed here, kept for the replay offline.
          if (await this.transcripts.pullFollowed(client, s.team, this.followed()))
            this.engine.kick()
        } catch {
          // A cut connection fails the pull right after; what is kept stays kept.
        }
      },
      onConnected: () => void this.presence.join(),
      ...opts.engine,
    })
    this.presence = new Presence({
      client: () => this.engine.connection(),
      settings: () => this.saved(),
      origin: () => this.local.origin(),
      panes: () => opts.panes?.() ?? [],
      now: opts.now,
      onChange: (p) => opts.onPresence?.(p),
      ...opts.presence,
    })
    this.presence.start()
    // Every committed local event is a reason to push (the engine coalesces bursts). Its team
    // clock is stamped by the cycle that pushes it, in one commit for all it takes (sync.ts).
    this.unsubscribe = store.timeline.onAppended(() => {
      if (this.saved()) this.engine.kickForAppend()
    })
    if (this.saved()) this.engine.kick()
  }

  private saved(): SavedSettings | null {
    return this.local.readSettings<SavedSettings>()
  }

  private connection(): { settings: TeamSettings; password: () => string | null } | null {
    const s = this.saved()
    if (!s) return null
    const { secretId } = s
    return {
      settings: s,
      password: () => (secretId ? this.store.secrets.get(secretId) : null),
    }
  }

  status(): TeamStatus {
    return this.engine.status()
  }

  settings(): TeamSettingsView | null {
    const s = this.saved()
    if (!s) return null
    const { secretId, ...rest } = s
    // Settings saved before client certificates and tunnels have neither.
    return {
      ...rest,
      certFile: s.certFile ?? null,
      keyFile: s.keyFile ?? null,
      viaSshTargetId: s.viaSshTargetId ?? null,
      hasPassword: secretId !== null,
    }
  }

  /** Saves the connection (password sealed in secrets) and starts syncing with it. */
  async configure(input: TeamConfigureInput): Promise<TeamStatus> {
    const before = this.saved()
    // Leaves the war room as the old settings had it; the next connect joins as the new ones.
    await this.presence.leave()
    const { password, ...settings } = input
    guardWrite(this.store.path, () =>
      this.store.db.transaction(() => {
        let secretId = before?.secretId ?? null
        if (password === null && secretId) {
          this.store.secrets.delete(secretId)
          secretId = null
        } else if (typeof password === 'string' && password.length > 0)
          secretId = this.store.secrets.put(password, secretId ?? undefined)
        const saved: SavedSettings = { ...settings, secretId }
        this.local.saveSettings(saved, serverKey(saved))
      })(),
    )
    await this.engine.disconnect()
    return this.engine.syncNow()
  }

  async disconnect(): Promise<TeamStatus> {
    const before = this.saved()
    await this.presence.leave()
    guardWrite(this.store.path, () =>
      this.store.db.transaction(() => {
        if (before?.secretId) this.store.secrets.delete(before.secretId)
        this.local.saveSettings(null, null)
      })(),
    )
    await this.engine.disconnect()
    return this.engine.syncNow()
  }

  /** Installs or upgrades the server schema with an admin's credentials, used once, not kept. */
  async initServer(
    user: string,
    password: string,
  ): Promise<{ applied: number[]; version: number }> {
    const s = this.saved()
    if (!s) throw new Error('Save the team connection first: init uses its host, port and TLS.')
    const { route, close } = await teamRoute(s, this.opts.tunnel)
    try {
      const client = new pg.Client(
        clientConfig(s, password.length ? password : null, { user }, route),
      )
      await client.connect()
      try {
        const applied = await initServerSchema(client)
        return { applied, version: SERVER_SCHEMA_VERSION }
      } finally {
        await client.end().catch(() => undefined)
      }
    } finally {
      close()
    }
  }

  syncNow(): Promise<TeamStatus> {
    return this.engine.syncNow()
  }

  /** Every event of the incident this laptop holds, in the order every laptop folds them. */
  timeline(incidentId: string): TeamEvent[] {
    return mergedOrder(this.local.events(incidentId))
  }

  projection(incidentId: string): TeamProjection {
    return project(incidentId, this.local.events(incidentId))
  }

  canonicalExport(incidentId: string): string {
    return canonicalExport(incidentId, this.local.events(incidentId))
  }

  canonicalHash(incidentId: string): string {
    return canonicalHash(incidentId, this.local.events(incidentId))
  }

  /**
   * Checks every install's hash chain in the incident: this laptop's own (with its row seals,
   * as timeline.verify does) and each other origin's as the server gave it.
   */
  verify(incidentId: string): TeamOriginVerdict[] {
    const byOrigin = new Map<string, TeamEvent[]>()
    for (const e of this.local.events(incidentId)) {
      const list = byOrigin.get(e.origin) ?? []
      list.push(e)
      byOrigin.set(e.origin, list)
    }
    const me = this.local.origin()
    const own = this.store.timeline.verify(incidentId)
    const out: TeamOriginVerdict[] = []
    if (own.events > 0)
      out.push({
        origin: me.id,
        originName: me.name,
        authors: [...new Set((byOrigin.get(me.id) ?? []).map((e) => e.author))].sort(),
        local: true,
        ...own,
      })
    for (const [origin, events] of [...byOrigin].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (origin === me.id) continue
      events.sort((a, b) => a.seq - b.seq)
      out.push({
        origin,
        originName: events[0]?.originName ?? origin,
        authors: [...new Set(events.map((e) => e.author))].sort(),
        local: false,
        ...verifyChain(events),
      })
    }
    return out
  }

  /**
   * `timeline.verify` in a team: this laptop's chain as before and, when the incident has events
   * from other installs, each of their chains too, as one verdict whose reason names the install
   * and its author that broke. Without a team it is exactly the local check.
   */
  verifyTimeline(incidentId: string): ChainVerdict {
    const verdicts = this.verify(incidentId)
    if (!verdicts.some((v) => !v.local)) return this.store.timeline.verify(incidentId)
    const broken = verdicts.find((v) => !v.intact)
    const events = verdicts.reduce((n, v) => n + v.events, 0)
    if (!broken) return { intact: true, events, brokenAtSeq: null, reason: null }
    const who = `${broken.local ? 'this laptop' : `install ${broken.originName}`} (${broken.authors.join(', ') || '?'})`
    return {
      intact: false,
      events,
      brokenAtSeq: broken.brokenAtSeq,
      reason: `${who}: ${broken.reason}`,
    }
  }

  /**
   * Writes the incidents row of each incident from the team projection, so the list, the header
   * and every action read the same state on every laptop.
   */
  private reproject(ids: readonly string[]): void {
    const upsert = this.store.db.prepare(
      `INSERT INTO incidents (id, title, severity, status, created_at, updated_at, data)
       VALUES (@id, @title, @severity, @status, @declaredAt, @updatedAt, @data)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity,
         status = excluded.status, updated_at = excluded.updated_at, data = excluded.data`,
    )
    const clear = this.store.db.prepare('DELETE FROM incident_services WHERE incident_id = ?')
    const add = this.store.db.prepare(
      'INSERT OR IGNORE INTO incident_services (incident_id, service) VALUES (?, ?)',
    )
    const changed: Incident[] = []
    guardWrite(this.store.path, () =>
      this.store.db.transaction(() => {
        for (const id of ids) {
          const incident = this.foldOf(id)
          if (!incident) continue
          const data = JSON.stringify(incident)
          const row = this.store.db.prepare('SELECT data FROM incidents WHERE id = ?').get(id) as
            { data: string } | undefined
          if (row?.data === data) continue
          upsert.run({ ...incident, data })
          clear.run(id)
          for (const s of incident.services) add.run(id, s)
          changed.push(incident)
        }
      })(),
    )
    for (const i of changed) this.opts.onIncidentChanged?.(i)
    for (const id of ids) this.applyPostmortem(id)
  }

  /**
   * A save of the postmortem draft on this laptop: in a team, the changed sections become a
   * `postmortem.edited` event (postmortemSync.ts), pushed like any other.
   */
  postmortemSaved(
    incidentId: string,
    before: { lang: Lang; fields: PostmortemFields },
    after: { lang: Lang; fields: PostmortemFields },
    actor: string | null,
  ): void {
    if (!this.saved()) return
    const payload = editOf(before, after)
    if (payload) this.store.timeline.append(incidentId, { kind: POSTMORTEM_EDITED, actor, payload })
  }

  /**
   * Postmortem sections two responders edited at the same time and nobody resolved yet, each with
   * the version the draft holds and the ones it overrode (`self`: written on this laptop).
   */
  postmortemConflicts(incidentId: string): PostmortemConflictView[] {
    if (!this.saved() || !this.foldOf(incidentId)) return []
    const me = this.local.origin().id
    const open = this.folds.get(incidentId)?.projector.postmortemState()?.open ?? []
    return open.map((c) => ({
      section: c.section,
      current: { ...c.current, self: c.current.origin === me },
      others: c.others.map((o) => ({ ...o, self: o.origin === me })),
    }))
  }

  /**
   * Resolves a section's concurrent versions with the value the responder chose (theirs, the
   * other, or a merge): an ordinary `postmortem.edited` event naming the versions it settles,
   * pushed like any other, so every laptop folds the same resolution. Returns what stays open.
   */
  async resolvePostmortem(
    incidentId: string,
    section: string,
    value: unknown,
    resolves: readonly string[],
    actor: string | null,
  ): Promise<PostmortemConflictView[]> {
    const drafts = this.opts.postmortems?.()
    if (!this.saved() || !drafts) throw new InvalidParamsError('No team is configured.')
    const open = this.postmortemConflicts(incidentId).find((c) => c.section === section)
    const known = new Set((open?.others ?? []).map((o) => o.uid))
    if (!open || !resolves.every((u) => known.has(u)))
      throw new NotFoundError(`An open conflict of the postmortem's ${section}`)
    const draft = drafts.draft(incidentId)
    const fields = postmortemFieldsSchema.safeParse({ ...draft.fields, [section]: value })
    if (!fields.success)
      throw new InvalidParamsError(`The ${section} is not a valid postmortem section value.`)
    const chosen = (fields.data as Record<string, JsonValue>)[section] as JsonValue
    this.store.timeline.append(incidentId, {
      kind: POSTMORTEM_EDITED,
      actor,
      payload: resolutionOf(draft.lang, section, chosen, open.current.value as JsonValue, resolves),
    })
    // Stamped and folded here at once (the draft written), pushed when the server is reachable.
    await this.engine.syncNow()
    return this.postmortemConflicts(incidentId)
  }

  /** Writes the draft as the team's edits made it, when they change what this laptop has. */
  private applyPostmortem(incidentId: string): void {
    const pm = this.folds.get(incidentId)?.projector.postmortemState()
    const drafts = this.opts.postmortems?.()
    if (!pm || !drafts) return
    try {
      const draft = drafts.draft(incidentId)
      const lang = pm.lang === 'en' || pm.lang === 'ja' ? pm.lang : draft.lang
      const fields = postmortemFieldsSchema.safeParse({ ...draft.fields, ...pm.sections })
      // A section another Sitrep wrote in a shape this one does not know is left as it is here.
      if (!fields.success) return
      if (
        draft.saved &&
        draft.lang === lang &&
        canonicalJson(draft.fields as unknown as JsonValue) ===
          canonicalJson(fields.data as unknown as JsonValue)
      )
        return
      drafts.apply(incidentId, lang, fields.data, pm.lastBy)
    } catch {
      // The incident is not on this laptop yet (its declaration not pulled): next cycle.
    }
  }

  /**
   * The incident's team projection, folding only what arrived since the last call when it all
   * sorts after what was folded (the usual case); when some of it sorts before (a laptop that
   * was offline), from the newest fold checkpoint before it, reading only the events after that
   * checkpoint; else from scratch. Equal to project() every way (tested).
   */
  foldOf(incidentId: string): Incident | null {
    const cached = this.folds.get(incidentId)
    if (cached) {
      const next = this.local.eventsSince(incidentId, cached.ownMax, cached.foreignMax)
      const fresh = [...next.events].sort(teamOrder)
      const { projector } = cached
      const append = projector.canAppend(fresh)
      const point = append ? null : projector.rewindPoint(fresh)
      if (append || point) {
        if (point) {
          const after = this.local.eventsAfter(
            incidentId,
            point.floors,
            next.ownMax,
            next.foreignMax,
          )
          projector.rewind(point, after)
          this.foldStats.rewinds++
          this.foldStats.refolded += after.length
        } else projector.add(fresh)
        cached.ownMax = next.ownMax
        cached.foreignMax = next.foreignMax
        this.foldStats.events += fresh.length
        return projector.result().incident
      }
    }
    const all = this.local.eventsSince(incidentId, 0, 0)
    this.foldStats.refolds++
    this.foldStats.refolded += all.events.length
    if (!all.events.length) return null
    const projector = new Projector(incidentId, mergedOrder(all.events), this.opts.checkpoints)
    this.folds.set(incidentId, { projector, ownMax: all.ownMax, foreignMax: all.foreignMax })
    return projector.result().incident
  }

  /** The configured team's name, or null without one (the chat outbox asks). */
  teamName(): string | null {
    return this.saved()?.team ?? null
  }

  /**
   * This responder's connection settings for another part of the app that talks to the team's
   * server itself (the chat outbox claims deliveries on its own connection). Throws when they
   * cannot be made: no team, saved passwords locked, an unreadable CA file.
   */
  serverConnection(): {
    team: string
    origin: string
    originName: string
    /** Which server, role and route a connection made by connect() is for. */
    key: string
    /** Opens the route (the SSH tunnel when the settings name one) and says how to connect. */
    connect(): Promise<{ config: ClientConfig; close(): void }>
  } {
    const c = this.connection()
    if (!c) throw new Error('no team is configured')
    const { id, name } = this.local.origin()
    const s = c.settings
    const password = c.password()
    return {
      team: s.team,
      origin: id,
      originName: name,
      key: `${serverKey(s)} ${s.user} ${s.viaSshTargetId ?? ''}`,
      connect: async () => {
        const { route, close } = await teamRoute(s, this.opts.tunnel)
        try {
          return { config: clientConfig(s, password, {}, route), close }
        } catch (err) {
          close()
          throw err
        }
      },
    }
  }

  /** Events other installs wrote, in the order they were pulled, after pulled row `after`. */
  pulledSince(after: number, limit: number): { rowId: number; event: TeamEvent }[] {
    const rows = this.store.db
      .prepare(`SELECT rowid AS row_id, * FROM team_events WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .all(after, limit) as (Omit<EventRow, 'id' | 'row_seal'> & {
      row_id: number
      origin: string
      origin_name: string
      author: string
      hlc: number
    })[]
    return rows.map((r) => ({
      rowId: r.row_id,
      event: {
        ...eventFromRow(r),
        origin: r.origin,
        originName: r.origin_name,
        author: r.author,
        hlc: r.hlc,
        shared: true,
      },
    }))
  }

  /** Who is in the war room (the last heartbeat's read). */
  presenceNow(): TeamPresence {
    return this.presence.get()
  }

  /** Shares a session's transcript with the team (redacted; pushed with the next cycle). */
  async shareSession(
    sessionId: string,
    incidentId: string,
  ): Promise<{ sessionId: string; shared: boolean }> {
    this.transcripts.share(sessionId, incidentId)
    if (this.saved()) await this.engine.syncNow()
    return { sessionId, shared: true }
  }

  /** The sessions this laptop shares. */
  sharedSessions(): string[] {
    return this.transcripts.list().map((x) => x.sessionId)
  }

  /**
   * Transcripts shared for an incident: the server's list while it is reachable, else the ones
   * this laptop keeps (`offline: true`), so a replay opened or pulled before still plays.
   */
  async sharedTranscripts(incidentId: string): Promise<SharedTranscriptInfo[]> {
    const { client, team } = this.online()
    const offline = () => this.transcripts.kept.list(team, incidentId, this.local.origin().id)
    if (!client) return offline()
    try {
      return await this.transcripts.listShared(client, team, incidentId)
    } catch (err) {
      if (!isConnectionLoss(err)) throw err
      return offline()
    }
  }

  /** A page of a shared transcript: from the server (kept here as read), or offline the copy. */
  async sharedRecording(
    origin: string,
    sessionId: string,
    afterId: number,
    maxBytes: number,
  ): Promise<RecordingPage> {
    const { client, team } = this.online()
    const offline = () => {
      if (!this.transcripts.kept.has(team, origin, sessionId))
        throw new Error(
          'Not connected to the team server, and this transcript was not kept on this laptop: it can be read once the server is back.',
        )
      return this.transcripts.kept.page(team, origin, sessionId, afterId, maxBytes)
    }
    if (!client) return offline()
    try {
      return await this.transcripts.page(client, team, origin, sessionId, afterId, maxBytes)
    } catch (err) {
      if (!isConnectionLoss(err)) throw err
      return offline()
    }
  }

  /** The team and, while connected, the connection shared transcripts are read on. */
  private online(): { client: TeamQueryable | null; team: string } {
    const s = this.saved()
    if (!s) throw new Error('No team is configured: shared transcripts live on the team server.')
    return { client: this.engine.connection(), team: s.team }
  }

  /** Incidents this laptop follows: the ones it holds that are not closed (newest 50). */
  private followed(): string[] {
    const rows = this.store.db
      .prepare(
        `SELECT id FROM incidents WHERE status <> 'closed' ORDER BY updated_at DESC LIMIT 50`,
      )
      .all() as { id: string }[]
    return rows.map((r) => r.id)
  }

  /** The newest page of the merged timeline below what the pane holds (see TeamLocal). */
  timelinePage(
    incidentId: string,
    floors: Readonly<Record<string, number>>,
    limit: number,
  ): TeamTimelinePage {
    const me = this.local.origin()
    return { ...this.local.timelinePage(incidentId, floors, limit), self: me.id, selfName: me.name }
  }

  timelineSince(incidentId: string, ownAfter: number, foreignAfter: number): TeamTimelineSince {
    return this.local.timelineSince(incidentId, ownAfter, foreignAfter)
  }

  /** The incident's conflict lines, from the incremental fold (no refold of 100 000 events). */
  conflicts(incidentId: string): TeamConflict[] {
    if (!this.foldOf(incidentId)) return []
    return this.folds.get(incidentId)?.projector.result().conflicts ?? []
  }

  async close(): Promise<void> {
    this.unsubscribe()
    if (this.tailTimer) clearTimeout(this.tailTimer)
    const stopping = this.presence.stop()
    const leaving = this.presence.leave()
    await stopping
    await leaving
    await this.engine.stop()
  }
}

/**
 * A read that failed because the server went away under it (not a refusal or a bad query): the
 * caller falls back to what this laptop keeps. pg's own errors carry a SQLSTATE `code`; a lost
 * socket or a timed-out query carries none (or a Node errno).
 */
function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof SitrepError) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    // Class 08: connection exception; 57P01-03: the server shut down or crashed.
    return code.startsWith('08') || /^57P0[123]$/.test(code)
  return true
}
