// The rollback rule (seed 004) on a real SQLite timeline with a fake clock: it fires exactly when
// the error rate has stayed above the line for the whole duration after a deploy, a dip resets
// the count, a rise outside the window after the deploy is left to the threshold alerts, and
// each deploy gets at most one suggestion (deterministic uid, also after a restart).
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { IncidentsDomain } from '../../../src/main/core/incidents/domain'
import { factUid, ROLLBACK_RULE_ID } from '../../../src/main/core/incidents/rollbackWatch'
import { recognizeDeploy } from '../../../src/main/core/runbooks/domain'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { Timeline } from '../../../src/main/core/store/timeline'
import type { TimelineEvent } from '../../../src/shared/contract'
import { describeEvent } from '../../../src/shared/eventText'
import { tempDir } from '../../helpers/tempDir'
import { FakeTime } from './fakeTime'
import { declareInput, MIN, T0 } from './setup'

const SEC = 1000
const SOURCE = 'src-http'
const METRIC = 'error.rate_percent'

function open(path: string, time: FakeTime) {
  const db = openDatabase(path)
  const timeline = new Timeline(db, path, time, 'Asia/Tokyo')
  const domain = new IncidentsDomain(
    { db, path, timeline },
    {
      clock: time,
      scheduler: time,
      timeZone: 'Asia/Tokyo',
      recognizeDeploy,
      sourceName: (id) => (id === SOURCE ? 'todo-api health' : null),
    },
  )
  domain.start()
  return { db, timeline, domain, close: () => (domain.close(), db.close()) }
}

let cleanup: Array<() => void> = []
afterEach(() => {
  for (const c of cleanup.splice(0)) c()
})

function setup() {
  const path = join(tempDir(), 'sitrep.db')
  const time = new FakeTime(T0)
  const o = open(path, time)
  cleanup.push(o.close)
  const incident = o.domain.declare(declareInput())
  /** Samples every `stepSec` from `from` (ms) with the given values, the clock moved along. */
  const feed = (from: number, stepSec: number, values: number[], metric = METRIC): void => {
    values.forEach((value, i) => {
      const at = from + i * stepSec * SEC
      time.t = at
      o.domain.observeSamples([{ sourceId: SOURCE, metric, value, at }])
    })
  }
  const suggestions = (): TimelineEvent[] =>
    o.timeline.list(incident.id, { limit: 500 }).filter((e) => e.kind === 'rollback.suggested')
  const deploys = (): TimelineEvent[] =>
    o.timeline.list(incident.id, { limit: 500 }).filter((e) => e.kind === 'deploy.marked')
  return { ...o, path, time, incident, feed, suggestions, deploys }
}

describe('rollback rule: error rate above 10 % for 5 minutes after a deploy', () => {
  it('fires at exactly 5 minutes above the line, not one sample before, and only once', () => {
    const s = setup()
    const deploy = s.domain.markDeploy(s.incident.id, { version: 'v1.2.4', actor: 'aiko' })
    // 30 s samples: above from T0+1min; the 10th sample after is 4.5 min, the 11th is 5 min.
    const start = T0 + MIN
    s.feed(start, 30, Array<number>(10).fill(25))
    expect(s.suggestions()).toHaveLength(0)
    s.feed(start + 300 * SEC, 30, [25])
    const [fired] = s.suggestions()
    expect(fired).toBeDefined()
    expect(fired!.at).toBe(start + 300 * SEC)
    expect(fired!.uid).toBe(factUid(s.incident.id, ROLLBACK_RULE_ID, deploy.uid))
    expect(fired!.payload).toMatchObject({
      deployId: deploy.uid,
      version: 'v1.2.4',
      source: 'todo-api health',
      metric: METRIC,
      value: 25,
      thresholdPercent: 10,
      forSec: 300,
      since: start,
      runbook: 'after-deploy',
      step: 'rollout-undo',
    })
    // Still above: no second suggestion for the same deploy.
    s.feed(start + 330 * SEC, 30, [30, 40, 50])
    expect(s.suggestions()).toHaveLength(1)
    expect(describeEvent(fired!, { lang: 'en' }).summary).toBe(
      'todo-api health: error rate 25 % above 10 % for 5 min after the deploy v1.2.4 — the rollback rule says roll back first, investigate later',
    )
    expect(describeEvent(fired!, { lang: 'ja' }).summary).toContain('ロールバック')
  })

  it('a dip to the line or below starts the count again; exactly 10 % is not above', () => {
    const s = setup()
    s.domain.markDeploy(s.incident.id, {})
    // 4.5 min above, one sample at exactly 10 %, then above again.
    s.feed(T0, 30, [...Array<number>(10).fill(20), 10])
    const again = T0 + 330 * SEC
    s.feed(again, 30, Array<number>(10).fill(20)) // 4.5 min since the dip
    expect(s.suggestions()).toHaveLength(0)
    s.feed(again + 300 * SEC, 30, [20])
    expect(s.suggestions()).toHaveLength(1)
    expect(s.suggestions()[0]!.payload.since).toBe(again)
  })

  it('a rise that starts after the window following the deploy does not fire', () => {
    const s = setup()
    s.domain.setRollbackRule({ ...s.domain.rollbackRule(), windowSec: 1800 })
    s.domain.markDeploy(s.incident.id, {})
    // Quiet for 31 minutes, then 10 minutes far above the line.
    s.feed(T0 + 31 * MIN, 30, Array<number>(21).fill(80))
    expect(s.suggestions()).toHaveLength(0)
    // A rise that starts inside the window fires even when it lasts past the window's end.
    s.domain.markDeploy(s.incident.id, {})
    const deployAt = s.time.t
    s.feed(deployAt + 29 * MIN, 30, Array<number>(11).fill(80))
    expect(s.suggestions()).toHaveLength(1)
  })

  it('samples before the deploy, of other metrics, or with no deploy at all do not count', () => {
    const s = setup()
    s.feed(T0, 30, Array<number>(20).fill(90))
    expect(s.suggestions()).toHaveLength(0)
    s.time.t = T0 + 10 * MIN
    s.domain.markDeploy(s.incident.id, {})
    s.feed(T0 + 10 * MIN, 30, Array<number>(11).fill(90), 'cpu.percent')
    expect(s.suggestions()).toHaveLength(0)
    // A series named by prefix counts (an access-log source's 5xx rate, say).
    s.domain.setRollbackRule({ ...s.domain.rollbackRule(), metric: 'access.*' })
    s.feed(T0 + 20 * MIN, 30, Array<number>(11).fill(90), 'access.5xx_percent')
    expect(s.suggestions()).toHaveLength(1)
  })

  it('two deploys: each gets its own suggestion, once, and the newer one is judged', () => {
    const s = setup()
    const first = s.domain.markDeploy(s.incident.id, { version: 'v1' })
    s.feed(T0, 60, Array<number>(6).fill(50))
    expect(s.suggestions().map((e) => e.payload.deployId)).toEqual([first.uid])
    s.time.t = T0 + 20 * MIN
    const second = s.domain.markDeploy(s.incident.id, { version: 'v2' })
    s.feed(T0 + 20 * MIN, 60, Array<number>(4).fill(50))
    expect(s.suggestions()).toHaveLength(1)
    s.feed(T0 + 24 * MIN, 60, [50, 50])
    expect(s.suggestions().map((e) => e.payload.version)).toEqual(['v1', 'v2'])
    expect(s.suggestions()[1]!.uid).toBe(factUid(s.incident.id, ROLLBACK_RULE_ID, second.uid))
  })

  it('after a restart the newest deploy is watched again and its suggestion is not repeated', () => {
    const s = setup()
    s.domain.markDeploy(s.incident.id, {})
    s.feed(T0, 60, Array<number>(6).fill(50))
    expect(s.suggestions()).toHaveLength(1)
    s.close()
    cleanup = cleanup.filter((c) => c !== s.close)
    const again = open(s.path, s.time)
    cleanup.push(again.close)
    again.domain.observeSamples([{ sourceId: SOURCE, metric: METRIC, value: 50, at: T0 + 6 * MIN }])
    for (let m = 7; m <= 14; m++)
      again.domain.observeSamples([
        { sourceId: SOURCE, metric: METRIC, value: 50, at: T0 + m * MIN },
      ])
    const list = again.timeline.list(s.incident.id, { limit: 500 })
    expect(list.filter((e) => e.kind === 'rollback.suggested')).toHaveLength(1)
  })

  it('a runbook command that deploys marks a deploy (once); a failed one or a read does not', () => {
    const s = setup()
    const ran = (command: string, ok = true): TimelineEvent =>
      s.timeline.append(s.incident.id, {
        kind: 'command.ran',
        payload: { command, ok, runbookId: 'en/after-deploy', mode: 'captured', targets: [] },
      })
    ran('kubectl rollout status deployment/todo-api -n production')
    ran('echo "kubectl rollout restart deployment/todo-api"')
    ran('kubectl rollout restart deployment/todo-api', false)
    expect(s.deploys()).toHaveLength(0)
    const cmd = ran('sudo -E kubectl -n production rollout restart deployment/todo-api')
    expect(s.deploys()).toHaveLength(1)
    expect(s.deploys()[0]!.payload).toMatchObject({
      via: 'command',
      what: 'kubectl rollout restart',
      subject: 'deployment/todo-api',
      deployId: cmd.uid,
      commandEvent: cmd.uid,
    })
    expect(describeEvent(s.deploys()[0]!, { lang: 'en' }).summary).toBe(
      'Deploy by kubectl rollout restart of deployment/todo-api',
    )
    // An ECS deployment seen by an AWS source: marked once however many polls report it.
    const ecs = {
      cluster: 'prod',
      service: 'todo-api',
      deploymentId: 'ecs-svc/1',
      taskDefinition: 'todo-api:43',
      rolloutState: 'IN_PROGRESS',
      change: 'started',
      atStart: false,
      startedAt: s.time.t,
    }
    s.timeline.append(s.incident.id, { kind: 'aws.deployment', payload: ecs })
    s.timeline.append(s.incident.id, { kind: 'aws.deployment', payload: ecs })
    s.timeline.append(s.incident.id, {
      kind: 'aws.deployment',
      payload: { ...ecs, change: 'state', rolloutState: 'COMPLETED' },
    })
    expect(s.deploys()).toHaveLength(2)
    expect(s.deploys()[1]!.payload).toMatchObject({ via: 'ecs', version: 'todo-api:43' })
  })

  it('a Kubernetes rollout is a deploy, unless it is the one a runbook command just ran', () => {
    const s = setup()
    const rollout = (deployment: string, generation: number) =>
      s.timeline.append(s.incident.id, {
        kind: 'k8s.rollout',
        payload: {
          sourceId: 'k8s',
          source: 'shodo k8s',
          namespace: 'shodo',
          deployment,
          generation,
          image: null,
        },
      })
    s.timeline.append(s.incident.id, {
      kind: 'command.ran',
      payload: { command: 'kubectl -n shodo rollout restart deployment/shodo-backend', ok: true },
    })
    expect(s.deploys()).toHaveLength(1)
    // The source's next poll sees the same restart: not a second deploy.
    s.time.t += 20_000
    rollout('shodo-backend', 2)
    expect(s.deploys()).toHaveLength(1)
    // Another deployment, or the same one later, is a deploy of its own (once per generation).
    rollout('shodo-frontend', 5)
    s.time.t += 10 * MIN
    rollout('shodo-backend', 3)
    rollout('shodo-backend', 3)
    expect(s.deploys().map((e) => [e.payload.via, e.payload.subject])).toEqual([
      ['command', 'deployment/shodo-backend'],
      ['kubernetes', 'deployment/shodo-frontend'],
      ['kubernetes', 'deployment/shodo-backend'],
    ])
    expect(describeEvent(s.deploys()[2]!, { lang: 'en' }).summary).toBe(
      'Kubernetes rollout of deployment/shodo-backend',
    )
  })
})
