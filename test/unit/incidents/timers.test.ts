// The timer engine with a fake clock: each timer fires once, at its time, survives restarts
// without firing again, and reacts to status, severity, flags and status updates.
import { describe, expect, it } from 'vitest'
import { EventKind } from '../../../src/main/core/incidents/projection'
import { defaultTimerPolicy } from '../../../src/main/core/incidents/timerPolicy'
import { TimerEngine } from '../../../src/main/core/incidents/timers'
import type { TimerFired } from '../../../src/shared/incidents'
import { MIN, T0, declareInput, openDomain, setup } from './setup'

const at = (fired: TimerFired[]) => fired.map((f) => [f.key, (f.firedAt - T0) / MIN])

describe('timer engine', () => {
  it('fires each timer once, at its due time, with one setTimeout at a time', () => {
    const { domain, incidents, time, fired } = setup()
    domain.start()
    incidents.declare(declareInput({ severity: 'P2' }))
    for (let m = 0; m < 59; m++) {
      time.advance(MIN)
      expect(time.scheduled).toBe(1)
    }
    expect(at(fired)).toEqual([
      ['escalation:unresolved-5m', 5],
      ['escalation:unresolved-10m', 10],
      ['time-box:initial-response', 15],
      ['response-start:P2', 30],
      [`status-update@${T0 + 30 * MIN}`, 30],
      ['time-box:diagnosis', 45],
    ])
    expect(fired[0]).toMatchObject({
      kind: 'escalation',
      notify: 'Team lead',
      name: { ja: '5分で解決不可：チームリードに連絡' },
      dueAt: T0 + 5 * MIN,
    })
    time.advance(2 * MIN)
    expect(at(fired).at(-1)).toEqual([`status-update@${T0 + 60 * MIN}`, 60])
  })

  it('records each firing on the timeline and never fires it again after a restart', () => {
    const { path, domain, incidents, db, time, fired } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput({ severity: 'P2' }))
    time.advance(12 * MIN)
    expect(fired.map((f) => f.key)).toEqual([
      'escalation:unresolved-5m',
      'escalation:unresolved-10m',
    ])
    domain.close()
    db.close()

    // Closed for 8 minutes: the initial-response box fell due meanwhile and fires once, late.
    time.advance(8 * MIN)
    const second = openDomain(path, time)
    second.domain.start()
    expect(at(second.fired)).toEqual([['time-box:initial-response', 20]])
    expect(second.fired[0]?.dueAt).toBe(T0 + 15 * MIN)
    second.domain.close()

    const third = openDomain(path, time)
    third.domain.start()
    expect(third.fired).toEqual([])
    time.advance(30 * MIN)
    expect(third.fired.map((f) => f.key)).toEqual([
      'response-start:P2',
      `status-update@${T0 + 30 * MIN}`,
      'time-box:diagnosis',
    ])
    const keys = third.timeline
      .list(id, { limit: 100 })
      .filter((e) => e.kind === EventKind.timerFired)
      .map((e) => e.payload.key)
    expect(keys).toHaveLength(6)
    expect(new Set(keys).size).toBe(6)
    expect(third.timeline.verify(id).intact).toBe(true)
  })

  it('fires a timer once even when two engines watch the same file', () => {
    const a = setup()
    const b = openDomain(a.path, a.time)
    a.incidents.declare(declareInput())
    a.domain.start()
    b.domain.start()
    a.time.advance(6 * MIN)
    expect(a.fired.map((f) => f.key)).toEqual(['escalation:unresolved-5m'])
    expect(b.fired).toEqual([])
    // b found a's record and adopted it: nothing left to fire for that key.
    a.time.advance(5 * MIN)
    expect([...a.fired, ...b.fired].map((f) => f.key).sort()).toEqual([
      'escalation:unresolved-10m',
      'escalation:unresolved-5m',
    ])
  })

  it('considers the response started when the incident leaves declared', () => {
    const { domain, incidents, time, fired } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput({ severity: 'P1' }))
    expect(domain.timers.upcoming(id).map((t) => t.key)).toContain('response-start:P1')
    time.advance(3 * MIN)
    incidents.changeStatus(id, { status: 'investigating' })
    expect(domain.timers.upcoming(id).map((t) => t.key)).not.toContain('response-start:P1')
    time.advance(20 * MIN)
    expect(fired.map((f) => f.key)).not.toContain('response-start:P1')
  })

  it('fires the tighter target at once when the severity is raised late', () => {
    const { domain, incidents, time, fired } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput({ severity: 'P3' }))
    time.advance(20 * MIN)
    expect(fired.map((f) => f.key)).not.toContain('response-start:P3')
    incidents.changeSeverity(id, { severity: 'P1' })
    time.advance(0)
    expect(at(fired).at(-1)).toEqual(['response-start:P1', 20])
    expect(domain.timers.upcoming(id)[0]).toMatchObject({
      key: 'response-start:P1',
      state: 'overdue',
      dueAt: T0 + 15 * MIN,
      name: { en: 'Response start target (P1: 15 min)', ja: '対応開始目標（P1：15分以内）' },
    })
  })

  it('escalates at once when data-loss risk is flagged, only once', () => {
    const { domain, incidents, time, fired } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput())
    time.advance(2 * MIN)
    incidents.update(id, { changes: { dataLossRisk: true } })
    time.advance(0)
    expect(fired.at(-1)).toMatchObject({
      key: 'escalation:data-loss',
      notify: 'Everyone',
      firedAt: T0 + 2 * MIN,
    })
    incidents.update(id, { changes: { dataLossRisk: false } })
    incidents.update(id, { changes: { dataLossRisk: true } })
    time.advance(MIN)
    expect(fired.filter((f) => f.key === 'escalation:data-loss')).toHaveLength(1)
  })

  it('announces a change before the timer it makes due', () => {
    const { domain, incidents, time } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput())
    const heard: string[] = []
    incidents.onChanged((c) => heard.push(...c.events.map((e) => e.kind)))
    incidents.update(id, { changes: { securitySuspected: true } })
    time.advance(0)
    expect(heard).toEqual(['incident.field_changed', 'timer.fired'])
  })

  it('follows a configured policy: severity-specific rules, no boxes, no reminders', () => {
    const { domain, incidents, time, fired } = setup()
    domain.setTimerPolicy({
      responseStart: false,
      timeBoxes: [],
      escalations: [
        {
          id: 'p1-cto',
          when: { type: 'unresolved', minutes: 0 },
          notify: 'CTO (phone)',
          severities: ['P1'],
        },
      ],
      statusUpdateEveryMinutes: 0,
    })
    domain.start()
    const { id } = incidents.declare(declareInput({ severity: 'P2' }))
    time.advance(10 * MIN)
    expect(fired).toEqual([])
    incidents.changeSeverity(id, { severity: 'P1' })
    time.advance(0)
    expect(fired.map((f) => [f.key, f.notify, f.name.en])).toEqual([
      ['escalation:p1-cto', 'CTO (phone)', 'Escalate: CTO (phone)'],
    ])
    expect(() =>
      domain.setTimerPolicy({ ...defaultTimerPolicy, statusUpdateEveryMinutes: -1 }),
    ).toThrow(/timer policy was not saved.*statusUpdateEveryMinutes/)
  })

  it('counts the status-update cadence from the last posted update', () => {
    const { domain, incidents, time, fired } = setup()
    domain.setTimerPolicy({
      ...defaultTimerPolicy,
      escalations: [],
      timeBoxes: [],
      responseStart: false,
    })
    domain.start()
    const { id } = incidents.declare(declareInput())
    time.advance(20 * MIN)
    incidents.postStatusUpdate(id, {
      template: 'progress',
      lang: 'en',
      text: 'Still investigating',
    })
    time.advance(40 * MIN)
    expect(at(fired)).toEqual([[`status-update@${T0 + 50 * MIN}`, 50]])
    time.advance(30 * MIN)
    expect(at(fired).at(-1)).toEqual([`status-update@${T0 + 80 * MIN}`, 80])
  })

  it('stops all timers when resolved and does not refire met boxes after a reopen', () => {
    const { domain, incidents, time, fired } = setup()
    domain.start()
    const { id } = incidents.declare(declareInput())
    time.advance(MIN)
    incidents.changeStatus(id, { status: 'identified' })
    time.advance(MIN)
    incidents.changeStatus(id, { status: 'resolved' })
    expect(domain.timers.upcoming(id)).toEqual([])
    expect(time.scheduled).toBe(0)
    time.advance(60 * MIN)
    expect(fired).toEqual([])
    incidents.reopen(id, { reason: 'errors are back' })
    time.advance(0)
    expect(fired.map((f) => f.key)).toEqual([`status-update@${T0 + 30 * MIN}`])
    expect(domain.timers.upcoming(id).map((t) => t.kind)).toEqual(['status-update'])
  })

  it('keeps firing other timers when the notifier throws', () => {
    const { db, domain, incidents, time } = setup()
    const keys: string[] = []
    const engine = new TimerEngine({
      db,
      incidents,
      settings: domain.settings,
      clock: time,
      scheduler: time,
      onFired: (f) => {
        keys.push(f.key)
        throw new Error('notification daemon not running')
      },
    })
    engine.start()
    incidents.declare(declareInput())
    time.advance(11 * MIN)
    expect(keys).toEqual(['escalation:unresolved-5m', 'escalation:unresolved-10m'])
    engine.stop()
    expect(time.scheduled).toBe(0)
  })
})
