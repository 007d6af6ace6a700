// The whole incident flow on a real SQLite file: every action is a timeline event, in order,
// the chain verifies, the projection row equals a rebuild from the timeline, and it all survives
// closing and reopening the file.
import { describe, expect, it } from 'vitest'
import { EventKind } from '../../../src/main/core/incidents/projection'
import { MIN, T0, declareInput, openDomain, setup } from '../../unit/incidents/setup'

describe('incident flow on a real database', () => {
  it('declare → severity → notes → status update → resolve: all on the timeline, in order', () => {
    const { path, time, db, timeline, incidents, domain, fired } = setup()
    domain.start()
    const declared = incidents.declare(
      declareInput({ severity: 'P2', occurredAt: T0 - 10 * MIN, commander: 'Aiko' }),
    )
    expect(declared).toMatchObject({
      status: 'declared',
      severity: 'P2',
      occurredAt: T0 - 10 * MIN,
      detectedAt: T0,
      backdated: { occurredAt: true, detectedAt: false },
      roles: { commander: 'Aiko' },
      services: ['api', 'postgres'],
    })
    const id = declared.id

    time.advance(2 * MIN)
    incidents.changeStatus(id, { status: 'investigating', actor: 'aiko' })
    time.advance(1 * MIN)
    incidents.changeSeverity(id, { severity: 'P1', reason: 'all users affected', actor: 'aiko' })
    const note = incidents.addNote(id, {
      text: '## DB\n接続数が上限 (max_connections)',
      actor: 'ken',
    })
    incidents.setPinned(id, { eventUid: note.uid, pinned: true, actor: 'aiko' })
    incidents.amend(id, { eventUid: note.uid, text: '上限は 200 ではなく 100', actor: 'ken' })
    incidents.assignRole(id, { role: 'commander', name: 'Ken', actor: 'aiko' })
    incidents.changeResponders(id, { add: ['Mei', 'Sho'], actor: 'ken' })
    incidents.update(id, { changes: { dataLossRisk: true, services: ['api'] }, actor: 'ken' })
    time.advance(5 * MIN)
    const draft = domain.draftStatusUpdate(id, { template: 'progress', lang: 'ja' })
    incidents.postStatusUpdate(id, {
      template: 'progress',
      lang: 'ja',
      text: draft.text,
      actor: 'mei',
    })
    incidents.changeStatus(id, { status: 'mitigating', actor: 'ken' })
    time.advance(10 * MIN)
    const resolved = incidents.changeStatus(id, { status: 'resolved', actor: 'ken' })

    expect(resolved).toMatchObject({
      status: 'resolved',
      severity: 'P1',
      responseStartedAt: T0 + 2 * MIN,
      resolvedAt: T0 + 18 * MIN,
      roles: { commander: 'Ken', responders: ['Mei', 'Sho'] },
      services: ['api'],
      pinned: [note.uid],
      lastStatusUpdateAt: T0 + 8 * MIN,
    })
    expect(resolved.flags.dataLossRisk).toBe(T0 + 3 * MIN)

    const events = timeline.list(id, { limit: 1000 })
    const kinds = events.map((e) => e.kind).filter((k) => k !== EventKind.timerFired)
    expect(kinds).toEqual([
      'incident.declared',
      'incident.status_changed',
      'incident.severity_changed',
      'note',
      'event.pinned',
      'correction',
      'incident.role_changed',
      'incident.responders_changed',
      'incident.field_changed',
      'incident.field_changed',
      'status_update.posted',
      'incident.status_changed',
      'incident.status_changed',
    ])
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1))
    const correction = events.find((e) => e.kind === 'correction')
    expect(correction?.amends).toBe(note.uid)
    const handover = events.find((e) => e.kind === 'incident.role_changed')
    expect(handover?.payload).toMatchObject({
      role: 'commander',
      from: 'Aiko',
      to: 'Ken',
      handover: true,
    })
    const sev = events.find((e) => e.kind === 'incident.severity_changed')
    expect(sev?.payload).toMatchObject({ from: 'P2', to: 'P1', reason: 'all users affected' })
    // Timers fired along the way are on the timeline too, each once, at its time.
    const timerEvents = events.filter((e) => e.kind === EventKind.timerFired)
    expect(timerEvents.map((e) => [e.payload.key, e.at])).toEqual([
      ['escalation:data-loss', T0 + 3 * MIN],
      ['escalation:unresolved-5m', T0 + 5 * MIN],
      ['escalation:unresolved-10m', T0 + 10 * MIN],
      // The time boxes were met: 'mitigating' (past 'identified') was reached at 8 min.
    ])
    expect(fired.map((f) => f.key)).toEqual(timerEvents.map((e) => e.payload.key))
    expect(timeline.verify(id)).toMatchObject({ intact: true, events: events.length })

    // The row the list shows is exactly what the timeline folds to.
    expect(incidents.rebuild(id)).toEqual(incidents.get(id))

    domain.close()
    db.close()
    const again = openDomain(path, time)
    expect(again.incidents.get(id)).toEqual(resolved)
    expect(again.timeline.verify(id).intact).toBe(true)
    again.db.close()
  })

  it('writes the row and its events in one transaction: a failing row update leaves no event', () => {
    const { db, timeline, incidents } = setup()
    const { id } = incidents.declare(declareInput())
    db.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON incidents WHEN new.status = 'monitoring'
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`)
    expect(() => incidents.changeStatus(id, { status: 'monitoring' })).toThrow(/simulated failure/)
    expect(timeline.list(id, { limit: 100 }).map((e) => e.kind)).toEqual(['incident.declared'])
    expect(incidents.get(id).status).toBe('declared')
    expect(timeline.verify(id).intact).toBe(true)
  })

  it('a declaration that fails validation writes nothing', () => {
    const { db, incidents } = setup()
    expect(() => incidents.declare(declareInput({ title: '  ' }))).toThrow(/title is empty/)
    expect(() => incidents.declare(declareInput({ severity: 'SEV1' }))).toThrow(
      /Choose one of P1, P2, P3, P4/,
    )
    const count = db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }
    expect(count.n).toBe(0)
  })

  it('notifies listeners only after the change committed', () => {
    const { db, incidents } = setup()
    const seen: string[] = []
    incidents.onChanged((c) => {
      expect(db.inTransaction).toBe(false)
      seen.push(...c.events.map((e) => e.kind))
    })
    const { id } = incidents.declare(declareInput())
    incidents.addNote(id, { text: 'hello' })
    expect(seen).toEqual(['incident.declared', 'note'])
  })
})
