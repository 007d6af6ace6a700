// Every event kind Sitrep writes, in every place a person reads it, in both languages: the
// timeline row (label, summary, detail), the status update's "actions taken", the postmortem
// draft and the Markdown, HTML and CSV exports. None may show raw JSON, an internal kind name,
// an id, or a count of zero panes: those are what stakeholders were handed before.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { JsonObject, TimelineEvent } from '../../../src/shared/contract'
import { EVENT_KINDS, describeEvent, type EventKind } from '../../../src/shared/eventText'
import type { Lang } from '../../../src/shared/incidents'
import { makeCore, MIN, T0 } from './fixture'

const SESSION = '6f1c2b8e-4a7d-4f3e-9c1a-2b3c4d5e6f70'
const OTHER = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d'
const RUN = '11111111-2222-4333-8444-555555555555'

/** Payloads as the code that writes each kind writes them. */
function payloadOf(kind: EventKind, target: string): JsonObject {
  switch (kind) {
    case 'incident.declared':
      return { title: 'Checkout 5xx', severity: 'P2', services: ['api'], description: 'Spike' }
    case 'incident.severity_changed':
      return { from: 'P2', to: 'P1', reason: 'all users' }
    case 'incident.status_changed':
      return { from: 'declared', to: 'investigating' }
    case 'incident.field_changed':
      return { field: 'impactScope', from: 'core', to: 'all' }
    case 'incident.role_changed':
      return { role: 'scribe', from: null, to: 'kenji' }
    case 'incident.responders_changed':
      return { added: ['yuki'], removed: [] }
    case 'incident.merged':
      return { origin: 'laptop-b', added: 3, conflicts: [] }
    case 'note':
      return { text: 'DB at **max_connections**' }
    case 'correction':
      return { text: 'It was db-2, not db-1' }
    case 'event.pinned':
    case 'event.unpinned':
      return { target }
    case 'status_update.posted':
      return { text: '【インシデント報告】 checkout degraded', template: 'progress', lang: 'ja' }
    case 'timer.fired':
      return {
        key: 'escalation:0',
        timer: 'escalation',
        name: { en: 'Escalate to team lead', ja: 'チームリードへエスカレーション' },
        dueAt: T0 + 5 * MIN,
        notify: 'team lead',
      }
    case 'runbook.started':
      return { runbookId: 'en/api-5xx', version: 2, title: 'API 5xx', hash: 'ab12' }
    case 'command.ran':
      return {
        runId: RUN,
        runbookId: 'en/api-5xx',
        version: 2,
        stepId: 's-1',
        commandId: 'c-1',
        command: 'uptime',
        mode: 'captured',
        dangerous: false,
        confirmedBy: null,
        ok: true,
        targets: [{ name: 'web-1', exitCode: 0, durationMs: 12, output: 'up 3 days', error: null }],
      }
    case 'checklist.ticked':
    case 'checklist.unticked':
      return { runbookId: 'en/api-5xx', version: 2, stepId: 's-1', step: 'Check load', auto: false }
    case 'metric.threshold':
      return {
        sourceId: OTHER,
        source: 'web-1',
        metric: 'cpu.percent',
        from: 'normal',
        to: 'critical',
        value: 97.5,
        threshold: 90,
        suggestSeverity: true,
      }
    case 'broadcast.line':
      return {
        text: 'uptime',
        sessionIds: [SESSION, OTHER],
        sessions: ['web-1', 'web-2'],
        count: 2,
      }
    case 'command.typed':
      return { sessionId: SESSION, session: 'web-1', text: 'df -h', approximate: false }
    case 'session.opened':
      return { sessionId: SESSION, kind: 'ssh', title: 'web-1' }
    case 'session.reconnecting':
      return { sessionId: SESSION, kind: 'ssh', title: 'web-1', reason: 'connection reset' }
    case 'session.closed':
      return { sessionId: SESSION, kind: 'ssh', title: 'web-1', exitCode: 0, error: null }
    case 'psql.writesEnabled':
      return { sessionId: SESSION, session: 'orders-db', reason: 'fix a stuck row' }
    case 'aws.alarm':
      return {
        sourceId: SESSION,
        source: 'PeopleBooster alarms',
        alarm: 'pb-backend-5xx',
        state: 'ALARM',
        reason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).',
        since: T0,
        atStart: false,
      }
    case 'aws.deployment':
      return {
        sourceId: SESSION,
        source: 'PeopleBooster ECS',
        cluster: 'peoplebooster-production',
        service: 'peoplebooster-backend',
        deploymentId: 'ecs-svc/1234567890123456789',
        taskDefinition: 'peoplebooster-backend:42',
        rolloutState: 'FAILED',
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
        change: 'state',
      }
    case 'notify.delivery':
      return {
        state: 'retrying',
        channel: '#inc-checkout',
        channelType: 'slack',
        about: 'status_update',
        attempt: 2,
        reason: 'HTTP 500',
        retryInMs: 4000,
      }
    case 'aws.logs':
      return {
        sourceId: SESSION,
        source: 'application log',
        logGroup: '/aws/ecs/peoplebooster-production/application',
        filterPattern: 'ERROR',
        count: 12,
        atLeast: false,
        lines: ['ERROR db timeout after 30000 ms', 'ERROR payment webhook 502'],
      }
    case 'log.matched':
      return {
        sourceId: SESSION,
        source: 'web-1 nginx errors',
        path: '/var/log/nginx/error.log',
        pattern: '(?i)\\b(error|crit)\\b',
        count: 38,
        more: 37,
        firstAt: T0,
        lines: [
          '2026/12/04 19:30:01 [error] 812#812: *4 upstream timed out (110: Connection timed out)',
        ],
      }
    case 'deploy.marked':
      return {
        via: 'command',
        what: 'kubectl rollout restart',
        subject: 'deployment/todo-api',
        version: null,
        command: 'kubectl rollout restart deployment/todo-api -n production',
        commandEvent: RUN,
        deployId: RUN,
      }
    case 'postmortem.edited':
      return {
        lang: 'en',
        sections: { summary: 'Checkout failed for 20 min', rootCause: 'pool exhausted' },
        base: { summary: '', rootCause: '' },
      }
    case 'k8s.rollout':
      return {
        sourceId: SESSION,
        source: 'shodo k8s',
        namespace: 'shodo',
        deployment: 'shodo-backend',
        generation: 7,
        images: ['registry.local/shodo-backend:2.3.1'],
        image: 'registry.local/shodo-backend:2.3.1',
        restarted: false,
      }
    case 'rollback.suggested':
      return {
        ruleId: 'error-rate-after-deploy',
        deployId: RUN,
        deployAt: T0,
        version: 'v1.2.4',
        what: 'kubectl rollout restart',
        sourceId: SESSION,
        source: 'todo-api health',
        metric: 'error.rate_percent',
        value: 23.5,
        thresholdPercent: 10,
        forSec: 300,
        since: T0 + MIN,
        runbook: 'after-deploy',
        step: 'rollout-undo',
      }
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
const JSON_ISH = /[{[]\s*"|"\s*:\s*["{[\d]|\{"(en|ja)"/
const ZERO_PANES = /\b0 panes\b|\b0 ペイン/
// Internal names as written in the code; the kinds themselves must never be read by people.
const INTERNAL = new RegExp(
  [...EVENT_KINDS.filter((k) => k.includes('.')), 'escalation:0', 'en/api-5xx']
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
)

function expectReadable(where: string, text: string): void {
  expect(text, `${where}: raw JSON`).not.toMatch(JSON_ISH)
  expect(text, `${where}: an id`).not.toMatch(UUID)
  expect(text, `${where}: an internal name`).not.toMatch(INTERNAL)
  expect(text, `${where}: a zero count`).not.toMatch(ZERO_PANES)
}

let close: (() => void) | null = null
afterEach(() => {
  close?.()
  close = null
})

describe('every event kind reads as words, everywhere', () => {
  it('timeline rows, status updates, the postmortem and the exports, in en and ja', async () => {
    const { core, clock } = makeCore()
    close = () => core.close()
    const incidents = core.incidents().incidents
    const incident = incidents.declare({
      title: 'Checkout 5xx',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: 'Spike',
      actor: 'aiko',
    })
    const timeline = core.data.require().timeline
    const first = timeline.list(incident.id, { limit: 1 })[0]
    if (!first) throw new Error('no declaration event')
    let minute = 1
    for (const kind of EVENT_KINDS) {
      if (kind === 'incident.declared') continue
      clock.now = T0 + minute++ * MIN
      timeline.append(incident.id, {
        kind,
        actor: 'aiko',
        payload: payloadOf(kind, first.uid),
        ...(kind === 'correction' ? { amends: first.uid } : {}),
      })
    }
    const events: TimelineEvent[] = timeline.list(incident.id, { limit: 1000 })
    const kinds = new Set(events.map((e) => e.kind))
    for (const kind of EVENT_KINDS) expect(kinds.has(kind), kind).toBe(true)

    for (const lang of ['en', 'ja'] as Lang[]) {
      // The timeline row and its detail.
      const seqOf = (uid: string): number | null => events.find((e) => e.uid === uid)?.seq ?? null
      for (const e of events) {
        const d = describeEvent(e, { lang, seqOf })
        expectReadable(`timeline ${e.kind} (${lang}) label`, d.label)
        expectReadable(`timeline ${e.kind} (${lang}) summary`, d.summary)
        expect(d.summary, `timeline ${e.kind} (${lang}) summary`).not.toBe('')
        if (d.body !== null) expectReadable(`timeline ${e.kind} (${lang}) detail`, d.body)
      }
      // The status update's "actions taken" (a recovery report lists the whole incident).
      const draft = core.incidents().draftStatusUpdate(incident.id, { template: 'recovery', lang })
      expectReadable(`status update (${lang})`, draft.text)
      expect(draft.text).toMatch(lang === 'en' ? /uptime → 2 panes/ : /uptime → 2 ペイン/)
      // The postmortem draft.
      const pm = core.exports().postmortem(incident.id, lang)
      for (const row of [...pm.facts.timeline, ...pm.facts.actions])
        expectReadable(`postmortem row (${lang})`, row.text)
      expectReadable(`postmortem markdown (${lang})`, pm.markdown.replace(pm.incidentId, ''))
      // The exported documents. CSV keeps the kind and payload in columns of their own: only
      // its text column is for people.
      for (const format of ['markdown', 'html', 'csv'] as const) {
        const r = await core.exports().service.run({
          incidentId: incident.id,
          format,
          lang,
          patterns: [],
          inline: false,
        })
        const text = readFileSync(r.files[0]!.path, 'utf8')
        if (format === 'csv') {
          const rows = text.trim().split('\r\n').slice(1)
          expect(rows.length).toBe(events.length)
          for (const row of rows) {
            const textCell = /^(?:[^,]*,){7}("(?:[^"]|"")*"|[^,]*)/.exec(row)?.[1] ?? ''
            expectReadable(`csv text (${lang})`, textCell.replace(/""/g, '"'))
          }
        } else {
          // The document's timeline section: ids of the incident itself may appear elsewhere.
          const section = text.slice(
            text.search(/## (Timeline|タイムライン)|<h2[^>]*>(Timeline|タイムライン)/),
          )
          expectReadable(`${format} (${lang})`, section.replace(/&quot;/g, '"'))
        }
      }
    }
  })
})
