// Validation and the events each action writes, on plain objects (no database).
import { describe, expect, it } from 'vitest'
import * as change from '../../../src/main/core/incidents/incidentChanges'
import { EventKind, applyEvent, baseIncident } from '../../../src/main/core/incidents/projection'
import { schemeP1P4 } from '../../../src/main/core/incidents/severity'
import type { Incident } from '../../../src/shared/incidents'
import type { TimelineEvent } from '../../../src/shared/contract'
import type { EventDraft } from '../../../src/main/core/store/timeline'
import { MIN, T0, declareInput } from './setup'

const ctx = (over: Partial<change.ChangeContext> = {}): change.ChangeContext => ({
  now: T0 + 10 * MIN,
  actor: 'aiko',
  scheme: schemeP1P4,
  eventKind: (uid) => (uid === 'known' ? 'note' : null),
  ...over,
})

let seq = 0
function asEvent(d: EventDraft): TimelineEvent {
  seq++
  return {
    uid: `e${seq}`,
    incidentId: 'i1',
    seq,
    at: d.at ?? T0,
    recordedAt: d.at ?? T0,
    tz: 'UTC',
    kind: d.kind,
    actor: d.actor ?? null,
    payload: d.payload ?? {},
    amends: d.amends ?? null,
    prevHash: '',
    hash: '',
  }
}

function declared(over: Partial<change.DeclareInput> = {}): Incident {
  const base = baseIncident({
    id: 'i1',
    title: '',
    severity: '',
    status: 'declared',
    created_at: T0,
    updated_at: T0,
  })
  return applyEvent(base, asEvent(change.declaration(declareInput(over), schemeP1P4, T0)))
}

describe('declaration', () => {
  it('refuses bad input with messages a responder can act on', () => {
    const d = (over: Partial<change.DeclareInput>) => () =>
      change.declaration(declareInput(over), schemeP1P4, T0)
    expect(d({ title: ' ' })).toThrow('The title is empty. Type a few words.')
    expect(d({ title: 'x'.repeat(301) })).toThrow(/301 characters; the limit is 300/)
    expect(d({ severity: 'P5' })).toThrow(/Choose one of P1, P2, P3, P4/)
    expect(d({ detectedAt: T0 + 5 * MIN })).toThrow(
      /detected-at time is 5 min in the future.*check the computer's clock/,
    )
    expect(d({ occurredAt: Math.floor(T0 / 1000) })).toThrow(/was it given in seconds/)
    expect(d({ occurredAt: T0 - MIN, detectedAt: T0 - 2 * MIN })).toThrow(
      /detected after it begins/,
    )
    expect(d({ description: 'x'.repeat(10 * 1024 * 1024) })).toThrow(
      'The description is 10.0 MB; the limit is 100 KB. Put the rest in notes (up to 1 MB each) or attach it as a transcript. Nothing was saved.',
    )
    expect(d({ services: ['s'.repeat(101)] })).toThrow(/longer than 100 characters/)
  })

  it('allows a little clock skew, trims, dedupes services', () => {
    const draft = change.declaration(
      declareInput({
        title: '  DB down ',
        services: ['api', ' API ', '', 'db'],
        detectedAt: T0 + 30_000,
      }),
      schemeP1P4,
      T0,
    )
    expect(draft.payload).toMatchObject({
      title: 'DB down',
      services: ['api', 'db'],
      detectedAt: T0 + 30_000,
    })
  })

  it('records backdated times as entered and marks them', () => {
    const inc = declared({ occurredAt: T0 - 30 * MIN, detectedAt: T0 - 5 * MIN })
    expect(inc).toMatchObject({
      occurredAt: T0 - 30 * MIN,
      detectedAt: T0 - 5 * MIN,
      declaredAt: T0,
      backdated: { occurredAt: true, detectedAt: true },
    })
    expect(declared()).toMatchObject({
      occurredAt: null,
      detectedAt: T0,
      backdated: { detectedAt: false },
    })
  })
})

describe('changes', () => {
  it('writes one event per changed field with old and new values', () => {
    const inc = declared()
    const drafts = change.fieldChanges(
      inc,
      {
        title: 'API 障害',
        services: ['api', 'postgres'],
        impactScope: 'all',
        occurredAt: T0 - 3 * MIN,
        dataLossRisk: true,
      },
      ctx(),
    )
    expect(drafts.map((d) => d.payload)).toEqual([
      { field: 'title', from: 'API 5xx エラー多発', to: 'API 障害' },
      { field: 'impactScope', from: 'core', to: 'all' },
      { field: 'occurredAt', from: null, to: T0 - 3 * MIN, backdated: true },
      { field: 'dataLossRisk', from: false, to: true },
    ])
    expect(() =>
      change.fieldChanges(inc, { services: [' api', 'postgres '], impactScope: 'core' }, ctx()),
    ).toThrow('Nothing changed: every value is as it was.')
    expect(() => change.fieldChanges(inc, { detectedAt: T0 + 5 * MIN }, ctx())).toThrow(
      /after the declaration/,
    )
    expect(() => change.fieldChanges(inc, { occurredAt: T0 + MIN }, ctx())).toThrow(
      /detected after it begins/,
    )
  })

  it('records role hand-overs from → to', () => {
    const inc = declared({ commander: 'Aiko' })
    expect(change.roleChange(inc, { role: 'commander', name: 'Ken' }, ctx())[0]?.payload).toEqual({
      role: 'commander',
      from: 'Aiko',
      to: 'Ken',
      handover: true,
    })
    expect(
      change.roleChange(inc, { role: 'scribe', name: 'Mei' }, ctx())[0]?.payload,
    ).toMatchObject({
      from: null,
      handover: false,
    })
    expect(() => change.roleChange(inc, { role: 'commander', name: ' Aiko ' }, ctx())).toThrow(
      'Aiko is already the commander.',
    )
    expect(() => change.roleChange(inc, { role: 'scribe', name: null }, ctx())).toThrow(
      /no scribe to remove/,
    )
  })

  it('adds and removes responders, refusing what does not apply', () => {
    const inc = declared()
    const [d] = change.respondersChange(inc, { add: ['Mei', 'Mei', 'Sho'] }, ctx())
    expect(d?.payload).toEqual({ added: ['Mei', 'Sho'], removed: [] })
    const after = applyEvent(inc, asEvent(d as EventDraft))
    expect(after.roles.responders).toEqual(['Mei', 'Sho'])
    expect(() => change.respondersChange(after, { add: ['Sho'] }, ctx())).toThrow(
      'Already responding: Sho.',
    )
    expect(() => change.respondersChange(after, { remove: ['Ken'] }, ctx())).toThrow(
      /Not among the responders: Ken/,
    )
  })

  it('caps notes at 1 MB and keeps the pinned flag', () => {
    expect(change.note({ text: '# 所見\n- 接続数上限', pinned: true }, ctx()).payload).toEqual({
      text: '# 所見\n- 接続数上限',
      pinned: true,
    })
    expect(() => change.note({ text: 'x'.repeat(10 * 1024 * 1024) }, ctx())).toThrow(
      /The note is 10.0 MB; the limit is 1.0 MB\. Split it into several notes/,
    )
    expect(() => change.note({ text: '\n ' }, ctx())).toThrow('The note is empty.')
  })

  it('amends and pins only events of the same incident', () => {
    const inc = declared()
    expect(
      change.correction({ eventUid: 'known', text: 'typo: 100, not 200' }, ctx()),
    ).toMatchObject({
      kind: EventKind.correction,
      amends: 'known',
      payload: { targetKind: 'note' },
    })
    expect(() => change.correction({ eventUid: 'elsewhere', text: 'x' }, ctx())).toThrow(
      "Event elsewhere is not part of this incident's timeline.",
    )
    expect(change.pinChange(inc, { eventUid: 'known', pinned: true }, ctx())[0]?.kind).toBe(
      'event.pinned',
    )
    expect(() => change.pinChange(inc, { eventUid: 'known', pinned: false }, ctx())).toThrow(
      /already unpinned/,
    )
  })

  it('requires a reason to reopen, and marks the first move off declared as the response start', () => {
    const inc = declared()
    expect(change.statusChange(inc, { status: 'investigating' }, ctx())[0]?.payload).toMatchObject({
      transition: 'forward',
      responseStarted: true,
    })
    const resolved = { ...inc, status: 'resolved' as const }
    expect(() => change.statusChange(resolved, { status: 'investigating' }, ctx(), true)).toThrow(
      /Give a reason for reopening/,
    )
  })

  it('refuses an unchanged or unknown severity', () => {
    const inc = declared()
    expect(() => change.severityChange(inc, { severity: 'P1' }, ctx())).toThrow(
      'The severity is already P1.',
    )
    expect(() => change.severityChange(inc, { severity: 'critical' }, ctx())).toThrow(
      /Choose one of/,
    )
  })
})
