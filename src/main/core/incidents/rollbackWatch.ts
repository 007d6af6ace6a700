// Seed 004's rollback rule, watched instead of only written down: "after a deploy, an error rate
// above 10 % for 5 minutes → roll back first, investigate later". A deploy is a `deploy.marked`
// event on an open incident's timeline: marked by hand, or written here when a `command.ran`
// ran a deploy command (the runbooks domain reads it on bash's AST), an ECS source saw a new
// deployment (`aws.deployment`) or a Kubernetes source a new rollout (`k8s.rollout`). Each fresh sample of the rule's series is judged against the
// newest deploy of every open incident; the first time the rate has stayed above the line for
// the whole duration, inside the window after the deploy, a `rollback.suggested` event names the
// after-deploy runbook's rollback step. Its uid is derived from (incident, rule, deploy), so it is
// written once per deploy, also across restarts and windows.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { JsonObject, TimelineEvent } from '../../../shared/contract'
import type { RollbackRule } from '../../../shared/incidentSchemas'
import type { Timeline } from '../store/timeline'

export const DEPLOY_MARKED = 'deploy.marked'
export const ROLLBACK_SUGGESTED = 'rollback.suggested'
/** The one rule there is for now; part of every suggestion's uid. */
export const ROLLBACK_RULE_ID = 'error-rate-after-deploy'

/** The seed's numbers; the series is the HTTP check's error rate unless the team names another. */
export const defaultRollbackRule: RollbackRule = {
  enabled: true,
  metric: 'error.rate_percent',
  sourceId: null,
  thresholdPercent: 10,
  forSec: 300,
  windowSec: 3600,
  runbook: 'after-deploy',
  step: 'rollout-undo',
}

/** What the runbooks domain says about a command line (runbooks/deployCommands.ts). */
export interface RecognizedDeploy {
  what: string
  subject: string | null
  version: string | null
}

export interface RollbackWatchDeps {
  db: Database.Database
  timeline: Timeline
  rule(): RollbackRule
  openIncidents(): string[]
  /** The deploy a command line performs, or null; given by Core from the runbooks domain. */
  recognizeDeploy?(command: string): RecognizedDeploy | null
  /** A metric source's name for the event, when it still exists. */
  sourceName?(sourceId: string): string | null
}

/** One fresh sample of a metric source. */
export interface ObservedSample {
  sourceId: string
  metric: string
  value: number
  at: number
}

interface Deploy {
  /** Stable across windows and restarts: a command's event uid, an ECS deployment, a hand mark. */
  key: string
  at: number
  version: string | null
  what: string | null
  /** What was deployed (`deployment/api`), to tell a source's report of the same deploy. */
  subject: string | null
  fired: boolean
  /** When the series went above the line (per source and metric), reset by a dip. */
  aboveSince: Map<string, number>
}

/** A UUID-shaped name for a fact: the same inputs always give the same uid. */
export function factUid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export function metricMatches(pattern: string, metric: string): boolean {
  return pattern.endsWith('*') ? metric.startsWith(pattern.slice(0, -1)) : metric === pattern
}

const str = (p: JsonObject, key: string): string | null => {
  const v = p[key]
  return typeof v === 'string' && v !== '' ? v : null
}

export class RollbackWatch {
  /** The newest deploy of each incident that has one. */
  private readonly deploys = new Map<string, Deploy>()
  private readonly exists: Database.Statement
  private readonly lastDeploy: Database.Statement
  private unsubscribe: (() => void) | null = null

  constructor(private readonly deps: RollbackWatchDeps) {
    this.exists = deps.db.prepare('SELECT 1 FROM timeline_events WHERE uid = ?')
    this.lastDeploy = deps.db.prepare(
      `SELECT uid, at, payload FROM timeline_events WHERE incident_id = ? AND kind = ?
       ORDER BY seq DESC LIMIT 1`,
    )
  }

  /** Reads each open incident's newest deploy back, then follows the timelines. */
  start(): void {
    if (this.unsubscribe) return
    for (const incidentId of this.openIncidents()) {
      const row = this.lastDeploy.get(incidentId, DEPLOY_MARKED) as
        { uid: string; at: number; payload: string } | undefined
      if (row) this.arm(incidentId, row.uid, row.at, JSON.parse(row.payload) as JsonObject)
    }
    this.unsubscribe = this.deps.timeline.onAppended((e) => this.onEvent(e))
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    this.deploys.clear()
  }

  /** "Mark deploy": the responder says a deploy happened now (or at `at`). */
  markDeploy(
    incidentId: string,
    input: { version?: string | undefined; actor?: string | null | undefined; at?: number },
  ): TimelineEvent {
    const version = input.version?.trim() || null
    return this.deps.timeline.append(incidentId, {
      kind: DEPLOY_MARKED,
      ...(input.at !== undefined ? { at: input.at } : {}),
      actor: input.actor ?? null,
      payload: { via: 'hand', version, what: null, subject: null, deployId: null },
    })
  }

  /** Judges one fresh sample against every open incident's newest deploy. */
  observe(s: ObservedSample): void {
    const rule = this.deps.rule()
    if (!rule.enabled || this.deploys.size === 0) return
    if (rule.sourceId !== null && rule.sourceId !== s.sourceId) return
    if (!metricMatches(rule.metric, s.metric)) return
    const open = new Set(this.openIncidents())
    const series = `${s.sourceId}\u0000${s.metric}`
    for (const [incidentId, deploy] of this.deploys) {
      if (!open.has(incidentId)) {
        this.deploys.delete(incidentId)
        continue
      }
      if (deploy.fired || s.at < deploy.at) continue
      if (!(s.value > rule.thresholdPercent)) {
        deploy.aboveSince.delete(series)
        continue
      }
      const since = deploy.aboveSince.get(series) ?? s.at
      deploy.aboveSince.set(series, since)
      // The rule speaks of the time right after a deploy: a rise that starts later is another
      // problem (the threshold alerts still show it).
      if (since > deploy.at + rule.windowSec * 1000) continue
      if (s.at - since >= rule.forSec * 1000) this.suggest(incidentId, deploy, rule, s, since)
    }
  }

  private suggest(
    incidentId: string,
    deploy: Deploy,
    rule: RollbackRule,
    s: ObservedSample,
    since: number,
  ): void {
    deploy.fired = true
    const uid = factUid(incidentId, ROLLBACK_RULE_ID, deploy.key)
    if (this.exists.get(uid)) return
    try {
      this.deps.timeline.append(incidentId, {
        kind: ROLLBACK_SUGGESTED,
        at: s.at,
        uid,
        payload: {
          ruleId: ROLLBACK_RULE_ID,
          deployId: deploy.key,
          deployAt: deploy.at,
          version: deploy.version,
          what: deploy.what,
          sourceId: s.sourceId,
          source: this.deps.sourceName?.(s.sourceId) ?? s.sourceId,
          metric: s.metric,
          value: s.value,
          thresholdPercent: rule.thresholdPercent,
          forSec: rule.forSec,
          since,
          runbook: rule.runbook,
          step: rule.step,
        },
      })
    } catch {
      // A full disk or an incident closed meanwhile: no suggestion, and no retry storm.
    }
  }

  private onEvent(e: TimelineEvent): void {
    if (e.kind === DEPLOY_MARKED) {
      this.arm(e.incidentId, e.uid, e.at, e.payload)
      return
    }
    if (e.kind === 'command.ran') return this.fromCommand(e)
    if (e.kind === 'aws.deployment') return this.fromEcs(e)
    if (e.kind === 'k8s.rollout') return this.fromKubernetes(e)
  }

  private arm(incidentId: string, uid: string, at: number, p: JsonObject): void {
    const current = this.deploys.get(incidentId)
    // An older deploy written late (an ECS deployment's start time) does not replace a newer one.
    if (current && current.at > at) return
    this.deploys.set(incidentId, {
      key: str(p, 'deployId') ?? uid,
      at,
      version: str(p, 'version'),
      what: str(p, 'what'),
      subject: str(p, 'subject'),
      fired: false,
      aboveSince: new Map(),
    })
  }

  /** A runbook command that ran without failing and deploys something marks a deploy. */
  private fromCommand(e: TimelineEvent): void {
    const p = e.payload
    const command = str(p, 'command')
    if (p.ok !== true || !command || !this.deps.recognizeDeploy) return
    let d: RecognizedDeploy | null
    try {
      d = this.deps.recognizeDeploy(command)
    } catch {
      return
    }
    if (!d) return
    this.mark(e.incidentId, e.uid, e.at, {
      via: 'command',
      what: d.what,
      subject: d.subject,
      version: d.version,
      command,
      commandEvent: e.uid,
    })
  }

  /** An ECS source saw a new primary deployment (or one already rolling out at its first poll). */
  private fromEcs(e: TimelineEvent): void {
    const p = e.payload
    const id = str(p, 'deploymentId')
    if (str(p, 'change') !== 'started' || !id) return
    const started = typeof p.startedAt === 'number' ? p.startedAt : e.at
    const service = str(p, 'service')
    this.mark(e.incidentId, `ecs:${str(p, 'cluster') ?? ''}/${service ?? ''}/${id}`, started, {
      via: 'ecs',
      what: 'ECS deployment',
      subject: service,
      version: str(p, 'taskDefinition'),
      sourceId: str(p, 'sourceId'),
    })
  }

  /**
   * A Kubernetes source saw a deployment's spec change. When the incident's newest deploy is the
   * same deployment, marked within the last two minutes (the runbook command that ran it), this
   * is that deploy seen again, not a second one.
   */
  private fromKubernetes(e: TimelineEvent): void {
    const p = e.payload
    const name = str(p, 'deployment')
    const generation = typeof p.generation === 'number' ? p.generation : null
    if (!name || generation === null) return
    const current = this.deploys.get(e.incidentId)
    const sameName = (subject: string | null): boolean =>
      subject !== null && subject.replace(/^(deployment|deploy|deployments)[./]/, '') === name
    if (current && sameName(current.subject) && Math.abs(e.at - current.at) <= 120_000) return
    const source = str(p, 'sourceId') ?? ''
    this.mark(
      e.incidentId,
      `k8s:${source}/${str(p, 'namespace') ?? ''}/${name}/${generation}`,
      e.at,
      {
        via: 'kubernetes',
        what: 'Kubernetes rollout',
        subject: `deployment/${name}`,
        version: str(p, 'image'),
        sourceId: source || null,
      },
    )
  }

  private mark(incidentId: string, deployId: string, at: number, payload: JsonObject): void {
    const uid = factUid(incidentId, DEPLOY_MARKED, deployId)
    if (this.exists.get(uid)) return
    try {
      // Appending from a listener is safe: listeners hear events after their commit.
      this.deps.timeline.append(incidentId, {
        kind: DEPLOY_MARKED,
        at,
        uid,
        payload: { ...payload, deployId },
      })
    } catch {
      // As for suggestions: the deploy stays unmarked; the responder can mark it by hand.
    }
  }

  private openIncidents(): string[] {
    try {
      return this.deps.openIncidents()
    } catch {
      return []
    }
  }
}
