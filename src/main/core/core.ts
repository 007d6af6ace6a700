// The core of Sitrep in plain Node: the data directory, the sessions and the event streams. The
// Electron shell and headless mode each create one Core and bind its handlers to a transport.
// Core only wires: it constructs each domain's facade, connects their callbacks to the event
// streams, and remakes the per-database domains when another database is opened. The rules live
// in the domains (see docs/code-map.md).
import { join } from 'node:path'
import type { AppInfo, LostSession, StoreStatus } from '../../shared/contract'
import { AwsDomain, createAwsCollector } from './aws/domain'
import { CoreEvents } from './events'
import { StoreUnavailableError } from './errors'
import { KeyLock } from './secrets/keyLock'
import { ExportDomain } from './export/domain'
import { IncidentsDomain } from './incidents/domain'
import { MetricsDomain } from './metrics/domain'
import { NotifyDomain, type NotifyDomainOptions } from './notify/domain'
import { RedisDomain, redisTargetOf } from './redis/domain'
import { recognizeDeploy, RunbooksDomain } from './runbooks/domain'
import type { KeyProvider } from './secrets/keyProvider'
import { HostKeyPrompts } from './sessions/ssh/hostKeyPrompts'
import { HostTrust } from './sessions/ssh/hostTrust'
import { SessionsDomain } from './sessions/domain'
import { TeamDomain, type TeamDomainOptions } from './team/domain'
import { SshPool } from './sessions/ssh/sshPool'
import { endpointsFor } from './sessions/ssh/targetEndpoints'
import { findInterrupted, findLost, type InterruptedSession } from './sessions/restore'
import { SessionManager } from './sessions/sessionManager'
import { recordSessionsOnTimeline, recordTypedLine } from './sessions/sessionTimeline'
import { closeCutSessions } from './sessions/crashSweep'
import { DataDir, type Store } from './store/store'
import { systemClock, type Clock } from './store/timeline'
import { sqliteCode } from './store/writeGuard'

export interface CoreOptions {
  dataDir: string
  shell: 'electron' | 'headless'
  version: string
  clock?: Clock
  /** How often to take a rotating backup when something changed; 0 turns it off. */
  backupIntervalMs?: number
  /** Seals secrets: Electron's safeStorage in the app; a key file by default. */
  keys?: KeyProvider
  /** The shells' lock over the keychain or key file (secrets/keyLock.ts); made from `keys` if absent. */
  keyLock?: KeyLock
  /** OpenSSH's known_hosts, read-only (tests point it elsewhere). */
  userKnownHosts?: string
  /** How long an unknown host key waits for the responder's answer. */
  hostKeyPromptMs?: number
  /**
   * The built-in runbooks' folder (resources/runbooks). The packaged app passes
   * process.resourcesPath/runbooks; unset, it is looked up next to the code and the cwd.
   */
  builtinRunbooksDir?: string
  /** Team sync engine tuning (tests, the benchmark): poll intervals, the LISTEN probe. */
  teamEngine?: TeamDomainOptions['engine']
  /** Presence heartbeat and expiry (tests). */
  teamPresence?: TeamDomainOptions['presence']
  /** How often team folds keep a checkpoint for late events (tests). */
  teamCheckpoints?: TeamDomainOptions['checkpoints']
  /** Chat notification timeouts, backoff, lease and give-up time (tests shorten them). */
  notifyTiming?: NotifyDomainOptions['timing']
}

export class Core {
  readonly events = new CoreEvents()
  readonly data: DataDir
  readonly sessions: SessionManager
  private backupTimer: ReturnType<typeof setInterval> | null = null
  private changesAtLastBackup = -1
  private unsubscribeTimeline: (() => void) | null = null
  readonly hostTrust: HostTrust
  /** Reused connections for captured commands, metrics polls and tunnels (not shells). */
  readonly ssh: SshPool
  /** Terminals of every kind and their rules, as the contract's sessions.* methods reach them. */
  readonly sessionsDomain: SessionsDomain
  /** AWS profiles as runbook targets, and the profile names in the responder's AWS files. */
  readonly aws: AwsDomain
  readonly redisDomain: RedisDomain
  private readonly clock: Clock
  private incidentsDomain: IncidentsDomain | null = null
  private exportDomain: ExportDomain | null = null
  private metricsDomain: MetricsDomain | null = null
  private runbooksDomain: RunbooksDomain | null = null
  private teamDomain: TeamDomain | null = null
  private notifyDomain: NotifyDomain | null = null
  /** Sessions the previous run left open, read once when start() opens the store. */
  private interrupted: InterruptedSession[] | null = null
  private startedAt = 0

  /** Whether saved passwords can be read this run; unlocked by the secrets.* methods. */
  readonly keyLock: KeyLock
  constructor(readonly opts: CoreOptions) {
    const clock = opts.clock ?? systemClock
    this.clock = clock
    this.keyLock =
      opts.keyLock ??
      new KeyLock({
        keyFile: join(opts.dataDir, 'secret.key'),
        ...(opts.keys ? { keychain: opts.keys } : {}),
      })
    this.data = new DataDir(opts.dataDir, {
      clock,
      keys: this.keyLock,
      // A big file's full check answers after the first paint (store/integrityCheck.ts).
      onIntegrity: (status) => this.events.emit('store.changed', status),
    })
    const hostKeys = new HostKeyPrompts({
      announce: (question) => this.events.emit('hostKey.unknown', question),
      timeoutMs: opts.hostKeyPromptMs,
    })
    this.hostTrust = new HostTrust({
      appFile: join(opts.dataDir, 'known_hosts'),
      ...(opts.userKnownHosts ? { userFile: opts.userKnownHosts } : {}),
      confirm: (key) => hostKeys.ask(key),
    })
    this.sessions = new SessionManager({
      store: () => this.data.require(),
      changed: (info) => this.events.emit('session.changed', info),
      trust: () => this.hostTrust,
      now: () => clock.now(),
      lineTyped: (info, line) => recordTypedLine(this.data.ready, info, line),
    })
    this.ssh = new SshPool({
      endpoints: (targetId) => endpointsFor(this.data.require().targets, targetId),
      trust: () => this.hostTrust,
      nameOf: (targetId) => this.data.require().targets.get(targetId).name,
      now: () => clock.now(),
    })
    this.sessionsDomain = new SessionsDomain({
      store: () => this.data.require(),
      sessions: this.sessions,
      ssh: this.ssh,
      trust: this.hostTrust,
      hostKeys,
      serviceTargetsChanged: (targets) => this.events.emit('serviceTargets.changed', targets),
      targetsChanged: (targets) => this.events.emit('targets.changed', targets),
    })
    this.redisDomain = new RedisDomain({
      store: () => this.data.require(),
      sessions: this.sessions,
      tunnel: (targetId, host, port) => this.ssh.tunnel(targetId, host, port),
      target: (id) => redisTargetOf(this.metrics().sources, id),
      openIncidents: () => this.incidentsDomain?.incidents.open().map((i) => i.id) ?? [],
    })
    this.aws = new AwsDomain({
      store: () => this.data.require(),
      changed: (targets) => this.events.emit('awsProfiles.changed', targets),
    })
    recordSessionsOnTimeline(
      this.events,
      () => this.data.ready,
      () => this.incidentsDomain,
    )
  }

  /** What is running, for the app.info method. */
  info(): AppInfo {
    const { version, shell, dataDir } = this.opts
    return { version, shell, dataDir, platform: process.platform }
  }

  /** A domain of the open database, or the store's own "not open" error. */
  private ofOpenDatabase<D>(domain: D | null): D {
    this.data.require()
    if (!domain) throw new StoreUnavailableError('The database is not open.')
    return domain
  }

  /** The incidents domain of the open database. */
  incidents(): IncidentsDomain {
    return this.ofOpenDatabase(this.incidentsDomain)
  }

  /** Export, hand-over import and postmortems of the open database. */
  exports(): ExportDomain {
    return this.ofOpenDatabase(this.exportDomain)
  }

  /** The runbook library, incident checklists and step runner of the open database. */
  runbooks(): RunbooksDomain {
    return this.ofOpenDatabase(this.runbooksDomain)
  }

  /** Metric sources, samples and thresholds of the open database. */
  metrics(): MetricsDomain {
    return this.ofOpenDatabase(this.metricsDomain)
  }

  /** Team sync through the team's PostgreSQL (issue #18) for the open database. */
  team(): TeamDomain {
    return this.ofOpenDatabase(this.teamDomain)
  }

  /** Chat notifications through the outbox (issue #18) for the open database. */
  notify(): NotifyDomain {
    return this.ofOpenDatabase(this.notifyDomain)
  }

  /** The responder's answer to an unknown host key question (sessions/ssh/hostKeyPrompts.ts). */
  answerHostKey(requestId: string, trust: boolean): { pending: boolean } {
    return this.sessionsDomain.answerHostKey(requestId, trust)
  }

  start(): StoreStatus {
    const startedAt = this.clock.now()
    this.startedAt = startedAt
    this.interrupted = []
    const status = this.afterStoreChangeOrRefuse(this.data.open())
    // Only at start: a backup or new file opened later belongs to no interrupted run.
    const interrupted = this.interrupted
    this.interrupted = null
    if (status.state === 'ready') this.sessionsDomain.restore(interrupted, startedAt)
    const every = this.opts.backupIntervalMs ?? 10 * 60_000
    if (every > 0) {
      this.backupTimer = setInterval(() => void this.backupIfChanged(), every)
      this.backupTimer.unref?.()
    }
    return status
  }

  openBackup(file: string): StoreStatus {
    return this.switchDatabase(() => this.data.openBackup(file))
  }

  startNew(): StoreStatus {
    return this.switchDatabase(() => this.data.startNew())
  }

  /** Leaves the open database (its sessions closed, its buffered samples written) for another. */
  private switchDatabase(open: () => StoreStatus): StoreStatus {
    this.sessions.closeAll()
    this.metricsDomain?.samples.flush()
    return this.afterStoreChangeOrRefuse(open())
  }

  /** Takes a backup only when the database changed since the last one. */
  async backupIfChanged(): Promise<void> {
    const store = this.data.ready
    if (!store) return
    const changes = store.db.prepare('SELECT total_changes() AS n').get() as { n: number }
    if (changes.n === this.changesAtLastBackup) return
    try {
      await this.data.backupNow()
      this.changesAtLastBackup = changes.n
      this.events.emit('store.changed', this.data.status())
    } catch {
      // A failed backup (e.g. disk full) is retried next interval; the live database is unharmed.
    }
  }

  /** Sessions the previous run left open that could not be reopened, for the page to show. */
  lostSessions(): LostSession[] {
    return this.sessionsDomain.lost()
  }

  /** Collectors start once the store is open; each crossing goes on every open incident. */
  private startMetrics(store: Store): MetricsDomain {
    const metrics = new MetricsDomain({
      store,
      ssh: this.ssh,
      now: () => this.clock.now(),
      openIncidents: () => this.incidentsDomain?.incidents.open().map((i) => i.id) ?? [],
      onSample: (e) => {
        this.events.emit('metrics.sample', e)
        // The rollback rule (seed 004) judges the same fresh values.
        this.incidentsDomain?.observeSamples(e.values.map((v) => ({ ...v, sourceId: e.sourceId })))
      },
      onSource: (id, source) => this.events.emit('metrics.source', { id, source }),
      onThreshold: (c) => this.events.emit('metrics.threshold', c),
      awsCollector: (c) => createAwsCollector(c, this.aws.logTails),
    })
    metrics.start()
    return metrics
  }

  close(): void {
    if (this.backupTimer) clearInterval(this.backupTimer)
    this.backupTimer = null
    void this.notifyDomain?.close()
    this.notifyDomain = null
    void this.teamDomain?.close()
    this.teamDomain = null
    this.metricsDomain?.close()
    this.metricsDomain = null
    this.sessions.closeAll()
    this.ssh.close()
    this.unsubscribeTimeline?.()
    this.exportDomain?.close()
    this.exportDomain = null
    this.incidentsDomain?.close()
    this.incidentsDomain = null
    this.data.close()
  }

  /**
   * A file can pass SQLite's open checks with a damaged schema (a table renamed by a flipped
   * byte); the domains then fail to prepare their statements. That file is refused like any
   * damaged one (recovery screen, backups offered) instead of crashing the app at start.
   */
  private afterStoreChangeOrRefuse(status?: StoreStatus): StoreStatus {
    try {
      return this.afterStoreChange(status)
    } catch (err) {
      if (!this.data.ready || !/^SQLITE_(ERROR|CORRUPT|NOTADB)/.test(sqliteCode(err))) throw err
      return this.afterStoreChange(this.data.refuse(err))
    }
  }

  private afterStoreChange(status: StoreStatus = this.data.status()): StoreStatus {
    this.metricsDomain?.close()
    this.metricsDomain = null
    this.ssh.forgetAll()
    this.unsubscribeTimeline?.()
    this.unsubscribeTimeline = null
    this.incidentsDomain?.close()
    this.incidentsDomain = null
    this.exportDomain?.close()
    this.exportDomain = null
    this.runbooksDomain = null
    void this.notifyDomain?.close()
    this.notifyDomain = null
    void this.teamDomain?.close()
    this.teamDomain = null
    const store = this.data.ready
    if (store) {
      // Read before anything else runs on the new store: whatever closes the rows of sessions
      // cut by the stop must not hide from the restore which ones were open.
      if (this.interrupted) {
        this.interrupted = findInterrupted(store.db)
        this.sessionsDomain.setLost(findLost(store.db, this.startedAt))
      } else this.sessionsDomain.setLost([])
      this.unsubscribeTimeline = store.timeline.onAppended((e) =>
        this.events.emit('timeline.appended', e),
      )
      this.changesAtLastBackup = -1
      this.incidentsDomain = new IncidentsDomain(store, {
        clock: this.clock,
        // Projection row and events commit together; listeners hear only committed events.
        transaction: (fn) => store.timeline.transaction(fn),
        onChanged: ({ incident }) => this.events.emit('incident.changed', incident),
        onFired: (fired) => this.events.emit('timer.fired', fired),
        recognizeDeploy,
        sourceName: (id) =>
          this.metricsDomain?.list().find((m) => m.config.id === id)?.config.name ?? null,
      })
      // Fires what fell due while the app was closed (once), then sleeps until the next due time.
      this.incidentsDomain.start()
      // Rows a killed or crashed run left open are closed with the reason (crashSweep.ts).
      const incidents = this.incidentsDomain
      try {
        closeCutSessions({
          db: store.db,
          timeline: store.timeline,
          isLive: (id) => this.sessions.isLive(id),
          reindex: (id) => incidents.reindexSession(id),
        })
      } catch {
        // A full disk must not stop the app from opening: nothing was half-written (one
        // transaction), and the rows are closed at the next start instead.
      }
      this.exportDomain = new ExportDomain(store, {
        incidents: this.incidentsDomain.incidents,
        dataDir: this.opts.dataDir,
        appVersion: this.opts.version,
        now: () => this.clock.now(),
        onProgress: (p) => this.events.emit('export.progress', p),
        onImported: (incident) => this.events.emit('incident.changed', incident),
        // In a team the edit is shared (#18); the team domain is made just below.
        onPostmortemSaved: (id, before, after, actor) =>
          this.teamDomain?.postmortemSaved(id, before, after, actor),
      })
      this.metricsDomain = this.startMetrics(store)
      this.runbooksDomain = new RunbooksDomain(store, {
        ...(this.opts.builtinRunbooksDir ? { builtinDir: this.opts.builtinRunbooksDir } : {}),
        now: () => this.clock.now(),
        ssh: () => this.ssh,
        sessions: () => this.sessions,
        onLibraryChanged: (ids) => this.events.emit('runbooks.changed', { ids }),
        onChecklistChanged: (incidentId) => this.events.emit('checklist.changed', { incidentId }),
      })
      this.teamDomain = new TeamDomain(store, {
        now: () => this.clock.now(),
        onStatus: (s) => this.events.emit('team.status', s),
        onIncidentChanged: (incident) => this.events.emit('incident.changed', incident),
        tunnel: (targetId, host, port) => this.ssh.tunnel(targetId, host, port),
        onPresence: (p) => this.events.emit('team.presence', p),
        // Presence names the open panes by kind, title (target label, host) and incident only.
        panes: () =>
          this.sessionsDomain
            .list()
            .filter((x) => x.state !== 'closed')
            .map((x) => ({ kind: x.kind, title: x.title, incidentId: x.incidentId })),
        recordings: () => this.sessionsDomain,
        redactor: () => this.exports().redactor(),
        postmortems: () => ({
          draft: (id) => this.exports().postmortemDraft(id),
          apply: (id, lang, fields, by) => this.exports().applyTeamPostmortem(id, lang, fields, by),
        }),
        ...(this.opts.teamEngine ? { engine: this.opts.teamEngine } : {}),
        ...(this.opts.teamPresence ? { presence: this.opts.teamPresence } : {}),
        ...(this.opts.teamCheckpoints ? { checkpoints: this.opts.teamCheckpoints } : {}),
      })
      const team = this.teamDomain
      this.notifyDomain = new NotifyDomain(store, {
        now: () => this.clock.now(),
        incident: (id) => {
          try {
            return this.incidentsDomain?.incidents.get(id) ?? null
          } catch {
            return null
          }
        },
        team: () => ({
          name: () => team.teamName(),
          connection: () => team.serverConnection(),
          pulledSince: (after, limit) => team.pulledSince(after, limit),
        }),
        onChanged: (incidentId) => this.events.emit('notify.changed', { incidentId }),
        redact: (text) => this.exportDomain?.redactor().mask(text) ?? text,
        ...(this.opts.notifyTiming ? { timing: this.opts.notifyTiming } : {}),
      })
    }
    this.events.emit('store.changed', status)
    return status
  }
}
