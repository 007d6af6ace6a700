// The outbox: every notification is a row in SQLite first (notify_outbox, keyed by event uid +
// channel), so it survives being offline, a restart or a crash, and is sent exactly once per
// channel:
// - enqueue: new timeline events (this laptop's and, in a team, those pulled from others) are
//   read past a high-water mark; each one a channel wants becomes a row, mark and rows in one
//   transaction (INSERT OR IGNORE: seeing an event twice queues it once);
// - send: one row at a time, oldest first, and a channel's later message waits for its earlier
//   one, so status updates arrive in order. In a team, a shared channel's row is claimed on the
//   team's server first (claims.ts): one laptop sends, the others record who did;
// - retry: network errors, timeouts, 408/425/429 and 5xx come back after an exponential backoff
//   with jitter (a 429's Retry-After respected); other answers, or a message still unsent after
//   giveUpMs, end as failed with the reason.
// The timeline says what happened: queued (by the laptop that wrote the event), each retry
// (tries 1, 2, 4, 8, … so a long outage adds a few lines, not hundreds), sent, failed — events
// with deterministic uids, so the team's merged timeline holds each once.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { TimelineEvent } from '../../../shared/contract'
import type { Incident, Lang } from '../../../shared/incidents'
import type {
  NotifyDeliveryState,
  NotifyDeliveryView,
  NotifyKind,
} from '../../../shared/notifySchemas'
import { eventFromRow, type EventRow, type Timeline } from '../store/timeline'
import { guardWrite } from '../store/writeGuard'
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff'
import type { Channel, ChannelStore } from './channels'
import { DeliveryClaims, type ServerConnection } from './claims'
import { payloadFor } from './payloads'
import { postWebhook } from './send'
import { messageFor, notifyKindOf, type ChatMessage } from './templates'

export interface NotifyTiming {
  /** One POST's timeout. */
  timeoutMs: number
  /** A message not sent this long after it was queued fails ("gave up"). */
  giveUpMs: number
  /** How long a claim on the team's server holds before another laptop may take it over. */
  leaseMs: number
  backoff: BackoffPolicy
  /** How often events pulled from the team are looked for. */
  pulledPollMs: number
}

export const DEFAULT_TIMING: NotifyTiming = {
  timeoutMs: 10_000,
  giveUpMs: 6 * 60 * 60_000,
  leaseMs: 2 * 60_000,
  backoff: DEFAULT_BACKOFF,
  pulledPollMs: 1_000,
}

/** What the outbox needs of the team (through the team facade); null without a team. */
export interface TeamAccess {
  /** The configured team's name, or null when none is. */
  name(): string | null
  /** This responder's connection settings (throws when they cannot be made: locked, bad CA). */
  connection(): ServerConnection
  pulledSince(after: number, limit: number): { rowId: number; event: TimelineEvent }[]
}

export interface OutboxOptions {
  db: Database.Database
  path: string
  timeline: Timeline
  channels: ChannelStore
  now: () => number
  incident: (id: string) => Incident | null
  team: () => TeamAccess | null
  onChanged: (incidentId: string | null) => void
  /** Masks saved secrets and the team's patterns, as exports do: a message leaves the app. */
  redact: (text: string) => string
  timing: NotifyTiming
}

interface OutboxRow {
  key: string
  channel_id: string
  incident_id: string
  event_uid: string
  kind: NotifyKind
  message: string
  claim_team: string | null
  state: NotifyDeliveryState
  attempts: number
  reason: string | null
  queued_at: number
  first_try_at: number | null
  next_at: number | null
  sent_at: number | null
  sent_by: string | null
}

const OWN_MARK = 'notify.ownThrough'
const PULLED_MARK = 'notify.pulledThrough'
const BATCH = 500

/** Tries whose failure is written on the timeline: 1, 2, 4, 8, … */
const isLoggedTry = (n: number): boolean => n > 0 && (n & (n - 1)) === 0

export class Outbox {
  private timer: ReturnType<typeof setTimeout> | null = null
  private timerAt = 0
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private readonly claims: DeliveryClaims
  private readonly unsubscribe: () => void

  constructor(private readonly o: OutboxOptions) {
    this.claims = new DeliveryClaims(o.timing.leaseMs)
    this.unsubscribe = o.timeline.onAppended(() => this.kick(0))
    // A row left 'sending' by a crash is tried again (in a team, its claim is still ours).
    try {
      guardWrite(o.path, () =>
        o.db
          .prepare(`UPDATE notify_outbox SET state = 'queued', next_at = ? WHERE state = 'sending'`)
          .run(o.now()),
      )
    } catch {
      // A full disk: the next pass meets the row as it is and sends it when due.
    }
    this.kick(0)
  }

  /** Asks for a pass soon; passes never overlap. */
  kick(wantedMs: number): void {
    if (this.stopped) return
    // A day's Retry-After would overflow setTimeout (it fires at once past 2^31 ms): wake at
    // least every minute and look again.
    const delayMs = Math.min(Math.max(0, wantedMs), 60_000)
    const at = Date.now() + Math.max(0, delayMs)
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = null
      void this.pass()
    }, delayMs)
    this.timer.unref?.()
  }

  /** Runs one pass now (tests, and a kick's timer). */
  async pass(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        try {
          this.enqueueNew()
          await this.sendDue()
        } catch {
          // The database was closed under the pass (the app switched files) or a write failed
          // (disk full): the rows are as they were, the next pass picks them up.
        }
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.running = null
      this.scheduleNext()
    })
    return this.running
  }

  private setting(key: string): number {
    const r = this.o.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    return r ? Number(r.value) || 0 : 0
  }

  private setSetting(key: string, v: number): void {
    this.o.db
      .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
      .run(key, String(v))
  }

  // -------------------------------------------------------------------------------------------
  // Enqueue

  private enqueueNew(): void {
    const channels = this.o.channels.list()
    // Without a channel nothing is read or written: an append costs no extra transaction.
    if (!channels.length) return
    const ownRows = this.o.db
      .prepare('SELECT * FROM timeline_events WHERE id > ? ORDER BY id LIMIT ?')
      .all(this.setting(OWN_MARK), BATCH) as EventRow[]
    const team = this.o.team()
    const teamName = team?.name() ?? null
    const pulled = team ? team.pulledSince(this.setting(PULLED_MARK), BATCH) : []
    if (!ownRows.length && !pulled.length) return
    const touched = new Set<string>()
    guardWrite(this.o.path, () =>
      this.o.timeline.transaction(() => {
        for (const r of ownRows) {
          if (this.enqueueEvent(eventFromRow(r), true, channels, teamName))
            touched.add(r.incident_id)
        }
        if (ownRows.length) this.setSetting(OWN_MARK, ownRows[ownRows.length - 1]?.id ?? 0)
        for (const p of pulled) {
          if (this.enqueueEvent(p.event, false, channels, teamName)) touched.add(p.event.incidentId)
        }
        if (pulled.length) this.setSetting(PULLED_MARK, pulled[pulled.length - 1]?.rowId ?? 0)
      }),
    )
    for (const id of touched) this.o.onChanged(id)
    // A full batch: there is more.
    if (ownRows.length === BATCH || pulled.length === BATCH) this.again = true
  }

  /** Queues the event for every channel that wants its kind; true when a row was added. */
  private enqueueEvent(
    e: TimelineEvent,
    own: boolean,
    channels: Channel[],
    teamName: string | null,
  ): boolean {
    const kind = notifyKindOf(e)
    if (!kind) return false
    let added = false
    const messages = new Map<Lang, ChatMessage>()
    for (const ch of channels) {
      if (!ch.kinds.includes(kind)) continue
      // A channel gets what is written after it was added: a laptop joining a team pulls the
      // team's whole history, which is not news to anyone.
      if (e.recordedAt < ch.createdAt) continue
      const shared = ch.scope === 'team' && teamName !== null
      const key = `${e.uid}/${shared ? ch.teamKey : ch.id}`
      let message = messages.get(ch.lang)
      if (!message) {
        message = this.masked(messageFor(e, kind, this.o.incident(e.incidentId), ch.lang))
        messages.set(ch.lang, message)
      }
      const now = this.o.now()
      const r = this.o.db
        .prepare(
          `INSERT OR IGNORE INTO notify_outbox (key, channel_id, incident_id, event_uid, kind,
             message, claim_team, state, queued_at, next_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(
          key,
          ch.id,
          e.incidentId,
          e.uid,
          kind,
          JSON.stringify(message),
          shared ? teamName : null,
          now,
          now,
        )
      if (!r.changes) continue
      added = true
      // The laptop that wrote the event says it is queued; for a pulled event on a shared
      // channel the sender's lines are enough (three laptops would write three).
      if (own || !shared)
        this.record(e.incidentId, key, ch, kind, 'queued', { attempt: null, reason: null })
    }
    return added
  }

  private masked(m: ChatMessage): ChatMessage {
    const r = this.o.redact
    return {
      ...m,
      title: r(m.title),
      text: m.text === null ? null : r(m.text),
      facts: m.facts.map((f) => ({ name: f.name, value: r(f.value) })),
    }
  }

  /**
   * Moves both marks to the newest events: called when the first channel is added, so the
   * events written while there was none are passed over at once instead of read in batches
   * (none of them would be sent: each is older than the channel).
   */
  skipToNow(): void {
    const own = this.o.db
      .prepare('SELECT coalesce(max(id), 0) AS n FROM timeline_events')
      .get() as {
      n: number
    }
    const pulled = this.o.db
      .prepare('SELECT coalesce(max(rowid), 0) AS n FROM team_events')
      .get() as { n: number }
    guardWrite(this.o.path, () =>
      this.o.db.transaction(() => {
        this.setSetting(OWN_MARK, own.n)
        this.setSetting(PULLED_MARK, pulled.n)
      })(),
    )
  }

  // -------------------------------------------------------------------------------------------
  // Send

  private pending(): OutboxRow[] {
    return this.o.db
      .prepare(
        `SELECT * FROM notify_outbox WHERE state IN ('queued', 'retrying', 'sending')
         ORDER BY queued_at, rowid`,
      )
      .all() as OutboxRow[]
  }

  /** The first waiting row of each channel: a later one waits for it. */
  private heads(): OutboxRow[] {
    const seen = new Set<string>()
    return this.pending().filter((r) => {
      if (seen.has(r.channel_id)) return false
      seen.add(r.channel_id)
      return true
    })
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      if (this.stopped) return
      const now = this.o.now()
      const due = this.heads().find((r) => (r.next_at ?? 0) <= now)
      if (!due) return
      await this.deliver(due)
    }
  }

  private scheduleNext(): void {
    if (this.stopped) return
    const now = this.o.now()
    let wait = Number.POSITIVE_INFINITY
    try {
      for (const r of this.heads()) wait = Math.min(wait, Math.max(0, (r.next_at ?? 0) - now))
    } catch {
      return
    }
    // Events pulled from the team arrive without a local append to wake the outbox: while any
    // channel exists it looks for them every pulledPollMs (one indexed query).
    try {
      if (this.o.channels.list().length) wait = Math.min(wait, this.o.timing.pulledPollMs)
    } catch {
      return
    }
    if (Number.isFinite(wait)) this.kick(wait)
  }

  private update(key: string, fields: Partial<OutboxRow>): void {
    const names = Object.keys(fields)
    if (!names.length) return
    guardWrite(this.o.path, () =>
      this.o.db
        .prepare(
          `UPDATE notify_outbox SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE key = @key`,
        )
        .run({ ...fields, key }),
    )
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const now = this.o.now()
    const ch = this.o.channels.find(row.channel_id)
    if (!ch) {
      this.update(row.key, { state: 'failed', reason: 'the channel was removed', next_at: null })
      return this.o.onChanged(row.incident_id)
    }
    const later = (ms: number, reason: string, state: NotifyDeliveryState = row.state) => {
      this.update(row.key, { state, reason, next_at: this.o.now() + ms })
      this.o.onChanged(row.incident_id)
    }
    if (now - row.queued_at >= this.o.timing.giveUpMs)
      return this.fail(
        row,
        ch,
        `gave up after ${Math.round((now - row.queued_at) / 1000)} s: ${row.reason ?? 'not sent'}`,
        null,
      )
    let url: URL
    try {
      url = this.o.channels.url(ch)
    } catch (err) {
      return later(5_000, `the webhook URL cannot be read: ${(err as Error).message}`)
    }
    // In a team, a shared channel's message is claimed on the server first.
    // A team left since the row was queued: this laptop alone decides, as without a team.
    const team = row.claim_team ? this.o.team() : null
    const inTeam = team !== null && team.name() === row.claim_team
    let claimed: ServerConnection | null = null
    let attempt = row.attempts + 1
    if (inTeam) {
      try {
        claimed = team.connection()
        const c = await this.claims.claim(claimed, row.key, row.incident_id)
        if (c.kind === 'sent') {
          this.update(row.key, {
            state: 'sent',
            sent_by: c.by,
            attempts: c.attempts,
            reason: null,
            next_at: null,
            sent_at: this.o.now(),
          })
          return this.o.onChanged(row.incident_id)
        }
        if (c.kind === 'failed') {
          this.update(row.key, { state: 'failed', sent_by: c.by, reason: c.reason, next_at: null })
          return this.o.onChanged(row.incident_id)
        }
        if (c.kind === 'held')
          return later(Math.max(c.retryInMs, 200), `being sent by ${c.by}`, 'queued')
        const n = await this.claims.renew(claimed, row.key)
        if (n === null) return later(200, 'the claim passed to another laptop', 'queued')
        attempt = n
      } catch (err) {
        const wait = retryDelay(Math.max(1, row.attempts), this.o.timing.backoff)
        return later(wait, `waiting for the team server (${(err as Error).message})`, 'queued')
      }
    }
    this.update(row.key, {
      state: 'sending',
      attempts: attempt,
      first_try_at: row.first_try_at ?? now,
    })
    const message = JSON.parse(row.message) as ChatMessage
    const outcome = await postWebhook(url, payloadFor(ch.type, message), {
      timeoutMs: this.o.timing.timeoutMs,
      idempotencyKey: row.key,
      now: this.o.now,
    })
    if (this.stopped) return
    if (outcome.ok) {
      const at = this.o.now()
      this.update(row.key, { state: 'sent', reason: null, next_at: null, sent_at: at })
      if (claimed) await this.claims.finish(claimed, row.key, 'sent', null).catch(() => false)
      this.record(row.incident_id, row.key, ch, row.kind, 'sent', { attempt, reason: null })
      return this.o.onChanged(row.incident_id)
    }
    const age = this.o.now() - row.queued_at
    if (!outcome.retry) return this.fail(row, ch, outcome.reason, claimed, attempt)
    const wait = retryDelay(attempt, this.o.timing.backoff, outcome.retryAfterMs)
    if (age + wait >= this.o.timing.giveUpMs)
      return this.fail(
        row,
        ch,
        `gave up after ${attempt} tries: ${outcome.reason}`,
        claimed,
        attempt,
      )
    this.update(row.key, {
      state: 'retrying',
      reason: outcome.reason,
      next_at: this.o.now() + wait,
    })
    if (isLoggedTry(attempt))
      this.record(row.incident_id, row.key, ch, row.kind, 'retrying', {
        attempt,
        reason: outcome.reason,
        retryInMs: wait,
      })
    this.o.onChanged(row.incident_id)
  }

  private async fail(
    row: OutboxRow,
    ch: Channel,
    reason: string,
    claimed: ServerConnection | null,
    attempt: number | null = null,
  ): Promise<void> {
    this.update(row.key, { state: 'failed', reason, next_at: null })
    if (claimed) await this.claims.finish(claimed, row.key, 'failed', reason).catch(() => false)
    this.record(row.incident_id, row.key, ch, row.kind, 'failed', { attempt, reason })
    this.o.onChanged(row.incident_id)
  }

  /** A delivery line on the incident's timeline; its uid is the same on every laptop. */
  private record(
    incidentId: string,
    key: string,
    ch: Channel,
    about: NotifyKind,
    state: 'queued' | 'retrying' | 'sent' | 'failed',
    d: { attempt: number | null; reason: string | null; retryInMs?: number },
  ): void {
    const uid = `notify-${createHash('sha256')
      .update(`${key}\n${state}\n${d.attempt ?? ''}`)
      .digest('hex')
      .slice(0, 32)}`
    try {
      const exists = this.o.db.prepare('SELECT 1 FROM timeline_events WHERE uid = ?').get(uid)
      if (exists) return
      this.o.timeline.append(incidentId, {
        kind: 'notify.delivery',
        uid,
        actor: null,
        payload: {
          state,
          channel: ch.name,
          channelType: ch.type,
          about,
          attempt: d.attempt,
          reason: d.reason,
          ...(d.retryInMs !== undefined ? { retryInMs: d.retryInMs } : {}),
        },
      })
    } catch {
      // The delivery itself is recorded in the outbox; a timeline line that cannot be written
      // (incident not on this laptop, disk full) does not undo or repeat a send.
    }
  }

  // -------------------------------------------------------------------------------------------

  deliveries(incidentId?: string): NotifyDeliveryView[] {
    const rows = (
      incidentId
        ? this.o.db
            .prepare('SELECT * FROM notify_outbox WHERE incident_id = ? ORDER BY queued_at, rowid')
            .all(incidentId)
        : this.o.db
            .prepare('SELECT * FROM notify_outbox ORDER BY queued_at DESC, rowid DESC LIMIT 200')
            .all()
    ) as OutboxRow[]
    const names = new Map(this.o.channels.list().map((c) => [c.id, c.name]))
    return rows.map((r) => ({
      key: r.key,
      channelId: r.channel_id,
      channelName: names.get(r.channel_id) ?? '—',
      incidentId: r.incident_id,
      eventUid: r.event_uid,
      kind: r.kind,
      state: r.state,
      attempts: r.attempts,
      reason: r.reason,
      queuedAt: r.queued_at,
      nextAt: r.next_at,
      sentAt: r.sent_at,
      sentBy: r.sent_by,
    }))
  }

  async close(): Promise<void> {
    this.stopped = true
    this.unsubscribe()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
    await this.claims.close()
  }
}
