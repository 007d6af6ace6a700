// The notify domain for one open database (issue #18, chat notifications through an outbox):
// webhook channels of this install (channels.ts), the outbox that queues, claims, sends and
// retries (outbox.ts), and test messages. This class is the domain's facade: rpc/notify.ts calls
// its methods and nothing deeper. The team is reached only through the team domain's facade
// (its server connection and the events it pulled), handed in by core.ts.
import type Database from 'better-sqlite3'
import type { Incident } from '../../../shared/incidents'
import type {
  NotifyChannelView,
  NotifyDeliveryView,
  NotifyKind,
  NotifyTestResult,
} from '../../../shared/notifySchemas'
import type { Secrets } from '../secrets/secrets'
import type { Timeline } from '../store/timeline'
import { ChannelStore, viewOf, type AddChannelInput } from './channels'
import { DEFAULT_TIMING, Outbox, type NotifyTiming, type TeamAccess } from './outbox'
import { payloadFor } from './payloads'
import { postWebhook } from './send'
import { testMessage } from './templates'

export type { NotifyTiming, TeamAccess } from './outbox'
export type { ServerConnection } from './claims'

export interface NotifyStoreLike {
  db: Database.Database
  path: string
  timeline: Timeline
  secrets: Secrets
}

export interface NotifyDomainOptions {
  now: () => number
  incident: (id: string) => Incident | null
  /** The team facade's part the outbox uses; null when the database has no team domain. */
  team: () => TeamAccess | null
  onChanged?: (incidentId: string | null) => void
  /** The export redactor's mask: a chat message leaves the app as an export does. */
  redact?: (text: string) => string
  /** Timeouts, backoff, lease and give-up time (tests shorten them). */
  timing?: Partial<NotifyTiming>
}

export class NotifyDomain {
  readonly channelStore: ChannelStore
  readonly outbox: Outbox
  private readonly timing: NotifyTiming

  constructor(
    store: NotifyStoreLike,
    private readonly opts: NotifyDomainOptions,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...opts.timing }
    this.channelStore = new ChannelStore(store.db, store.path, store.secrets, opts.now)
    this.outbox = new Outbox({
      db: store.db,
      path: store.path,
      timeline: store.timeline,
      channels: this.channelStore,
      now: opts.now,
      incident: opts.incident,
      team: opts.team,
      onChanged: (id) => opts.onChanged?.(id),
      redact: opts.redact ?? ((t) => t),
      timing: this.timing,
    })
  }

  channels(): NotifyChannelView[] {
    return this.channelStore.list().map(viewOf)
  }

  /** A channel a team shares by default when a team is configured (one laptop sends). */
  addChannel(input: AddChannelInput): NotifyChannelView {
    const scope = this.opts.team()?.name() ? 'team' : 'install'
    if (this.channelStore.list().length === 0) this.outbox.skipToNow()
    const c = this.channelStore.add(input, scope)
    this.opts.onChanged?.(null)
    this.outbox.kick(0)
    return viewOf(c)
  }

  updateChannel(
    id: string,
    change: { name?: string; lang?: 'en' | 'ja'; kinds?: NotifyKind[] },
  ): NotifyChannelView {
    const c = this.channelStore.update(id, change)
    this.opts.onChanged?.(null)
    return viewOf(c)
  }

  removeChannel(id: string): { removed: boolean } {
    const removed = this.channelStore.remove(id)
    this.opts.onChanged?.(null)
    this.outbox.kick(0)
    return { removed }
  }

  /** Sends a test message at once, outside the outbox: nothing is queued or written. */
  async test(id: string): Promise<NotifyTestResult> {
    const c = this.channelStore.get(id)
    const outcome = await postWebhook(
      this.channelStore.url(c),
      payloadFor(c.type, testMessage(c.lang, this.opts.now())),
      { timeoutMs: this.timing.timeoutMs },
    )
    return outcome.ok
      ? { ok: true, status: outcome.status, reason: null }
      : { ok: false, status: outcome.status, reason: outcome.reason }
  }

  deliveries(incidentId?: string): NotifyDeliveryView[] {
    return this.outbox.deliveries(incidentId)
  }

  /** Runs an outbox pass now (tests; the outbox also runs on its own). */
  flush(): Promise<void> {
    return this.outbox.pass()
  }

  close(): Promise<void> {
    return this.outbox.close()
  }
}
