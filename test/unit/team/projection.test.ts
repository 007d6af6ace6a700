// The team projection is a function of the event set alone: any arrival order gives the same
// canonical export; concurrent changes of one field keep the later (by the hybrid clock) and
// leave a conflict line; a change made after seeing another is no conflict; one deterministic
// uid written by three laptops counts once.
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HybridClock } from '../../../src/main/core/team/hlc'
import type { TeamEvent } from '../../../src/main/core/team/local'
import type { JsonObject, JsonValue } from '../../../src/shared/contract'
import { canonicalJson } from '../../../src/main/core/store/hashChain'
import {
  canonicalExport,
  canonicalHash,
  mergedOrder,
  project,
  Projector,
  teamOrder,
} from '../../../src/main/core/team/projection'

const INC = 'inc-1'
let n = 0
function ev(
  origin: string,
  hlc: number,
  kind: string,
  payload: Record<string, unknown>,
): TeamEvent {
  n++
  return {
    uid: `u${n}`,
    incidentId: INC,
    seq: n,
    at: Math.floor(hlc / 1000),
    recordedAt: Math.floor(hlc / 1000),
    tz: 'UTC',
    kind,
    actor: origin,
    payload: payload as TeamEvent['payload'],
    amends: null,
    prevHash: '0',
    hash: `h${n}`,
    hashVersion: 2,
    origin,
    originName: `${origin}-laptop`,
    author: origin,
    hlc,
    shared: true,
  }
}

const declared = ev('a', 1_000_000, 'incident.declared', {
  title: 'Checkout',
  severity: 'P2',
  scheme: 'p1-p4',
  services: ['checkout'],
})

describe('team projection', () => {
  it('the same events in any arrival order give the same canonical export', () => {
    const events = [
      declared,
      ev('b', 2_000_000, 'note', { text: 'looking' }),
      ev('c', 3_000_000, 'incident.severity_changed', { from: 'P2', to: 'P1' }),
      ev('a', 3_000_000, 'incident.status_changed', { from: 'declared', to: 'investigating' }),
      ev('b', 4_000_000, 'incident.role_changed', { role: 'scribe', from: null, to: 'bob' }),
      ev('c', 5_000_000, 'checklist.ticked', { runbookId: 'rb', stepId: 's1' }),
    ]
    const want = canonicalExport(INC, events)
    // Written in pieces (a million events would not fit in one string), equal to the whole.
    const p0 = project(INC, events)
    expect(want).toBe(
      canonicalJson({
        incidentId: INC,
        incident: p0.incident as unknown as JsonObject,
        checklist: p0.checklist,
        conflicts: p0.conflicts as unknown as JsonValue,
        events: JSON.parse(want).events,
      }),
    )
    expect(canonicalHash(INC, events)).toBe(createHash('sha256').update(want).digest('hex'))
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(canonicalExport(INC, shuffled)).toBe(want)
      }),
    )
    const p = project(INC, events)
    expect(p.incident).toMatchObject({ severity: 'P1', status: 'investigating' })
    expect(p.incident.roles.scribe).toBe('bob')
    expect(p.checklist).toEqual({ 'rb/s1': true })
  })

  it('concurrent changes of one field: the later wins, the other is a conflict line', () => {
    // Both changed severity from P2 without seeing the other's change.
    const a = ev('a', 5_000_000, 'incident.severity_changed', { from: 'P2', to: 'P1' })
    const c = ev('c', 6_000_000, 'incident.severity_changed', { from: 'P2', to: 'P3' })
    const p = project(INC, [c, declared, a])
    expect(p.incident.severity).toBe('P3')
    expect(p.conflicts).toEqual([
      {
        field: 'severity',
        kept: { uid: c.uid, value: 'P3', actor: 'c', origin: 'c-laptop' },
        overridden: { uid: a.uid, value: 'P1', actor: 'a', origin: 'a-laptop' },
        at: c.at,
      },
    ])
    // C changed it after seeing A's change (from = P1): a plain sequence, no conflict.
    const seen = ev('c', 6_000_000, 'incident.severity_changed', { from: 'P1', to: 'P3' })
    expect(project(INC, [declared, a, seen]).conflicts).toEqual([])
  })

  it('a laptop whose clock is 10 minutes behind still orders its change after one it had seen', () => {
    const fast = new HybridClock()
    const slow = new HybridClock()
    const wall = 1_800_000_000_000
    const aStamp = fast.stamp(wall + 10 * 60_000) // A's clock runs 10 minutes ahead
    const a = ev('a', aStamp, 'incident.severity_changed', { from: 'P2', to: 'P1' })
    slow.observe(aStamp) // C pulled A's change, then acts with its own (behind) clock
    const c = ev('c', slow.stamp(wall + 1_000), 'incident.severity_changed', {
      from: 'P1',
      to: 'P4',
    })
    expect(c.hlc).toBeGreaterThan(a.hlc)
    const p = project(INC, [c, a, declared])
    expect(p.incident.severity).toBe('P4')
    expect(p.conflicts).toEqual([])
  })

  it('one timer fired on three laptops (one deterministic uid) counts once', () => {
    const fired = (origin: string, hlc: number): TeamEvent => ({
      ...ev(origin, hlc, 'timer.fired', { key: 'escalate:P1', dueAt: 1 }),
      uid: 'timer-abc',
    })
    const events = [declared, fired('c', 7_000_010), fired('a', 7_000_000), fired('b', 7_000_005)]
    const once = canonicalExport(INC, events)
    expect(
      JSON.parse(once).events.filter((e: { kind: string }) => e.kind === 'timer.fired'),
    ).toHaveLength(1)
    // Whichever copies a laptop holds first, it ends the same once it holds them all.
    expect(canonicalExport(INC, [...events].reverse())).toBe(once)
  })

  it('folding what is new onto an earlier fold equals folding everything (any arrival order)', () => {
    const events = [
      declared,
      ev('b', 2_000_000, 'note', { text: 'a' }),
      ev('c', 3_000_000, 'incident.severity_changed', { from: 'P2', to: 'P1' }),
      ev('a', 3_500_000, 'incident.severity_changed', { from: 'P2', to: 'P3' }),
      ev('a', 4_000_000, 'incident.status_changed', { from: 'declared', to: 'investigating' }),
      ev('b', 4_000_000, 'incident.role_changed', { role: 'scribe', from: null, to: 'bob' }),
      ev('c', 5_000_000, 'checklist.ticked', { runbookId: 'rb', stepId: 's1' }),
      ev('a', 6_000_000, 'checklist.unticked', { runbookId: 'rb', stepId: 's1' }),
    ]
    const want = JSON.stringify(project(INC, events))
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.array(fc.integer({ min: 1, max: events.length - 1 }), { maxLength: 4 }),
        (arrival, cuts) => {
          const points = [...new Set(cuts)].sort((x, y) => x - y)
          let held: typeof events = []
          let projector: Projector | null = null
          let from = 0
          for (const to of [...points, arrival.length]) {
            const fresh = arrival.slice(from, to).sort(teamOrder)
            from = to
            held = [...held, ...fresh]
            if (projector && projector.canAppend(fresh)) projector.add(fresh)
            else projector = new Projector(INC, mergedOrder(held))
          }
          expect(JSON.stringify(projector?.result())).toBe(want)
        },
      ),
    )
  })

  it('a fold rewound to a checkpoint for late events equals folding everything', () => {
    // Events as laptops write them: per origin, seq and clock both rising; a field two laptops
    // change without seeing each other (conflicts), checklist ticks, pinned notes, postmortem
    // edits, and one deterministic uid fired by several laptops. They arrive in random batches,
    // late ones included; the fold keeps a checkpoint every 2 events (3 kept) and, like the
    // store, reads "what sorts after a checkpoint" as each origin's events above its floor.
    const kinds = ['note', 'pin', 'severity', 'tick', 'untick', 'postmortem', 'timer'] as const
    const draw = fc.array(
      fc.record({
        origin: fc.constantFrom('a', 'b', 'c'),
        hlc: fc.integer({ min: 1_000_001, max: 1_000_030 }), // ties across origins too
        kind: fc.constantFrom(...kinds),
        to: fc.constantFrom('P1', 'P2', 'P3'),
      }),
      { minLength: 4, maxLength: 40 },
    )
    let rewinds = 0
    fc.assert(
      fc.property(draw, fc.array(fc.nat(), { maxLength: 12 }), (drawn, order) => {
        // The declaration is origin a's first event.
        const seqs = new Map<string, number>([['a', declared.seq]])
        const made = [...drawn]
          .sort((x, y) => x.hlc - y.hlc)
          .map((d, i): TeamEvent => {
            const seq = (seqs.get(d.origin) ?? 0) + 1
            seqs.set(d.origin, seq)
            const payload: Record<string, unknown> =
              d.kind === 'note' || d.kind === 'pin'
                ? { text: `n${i}`, pinned: d.kind === 'pin' }
                : d.kind === 'severity'
                  ? { from: 'P2', to: d.to }
                  : d.kind === 'postmortem'
                    ? { sections: { summary: `s${i}`, impact: d.to }, base: {} }
                    : d.kind === 'timer'
                      ? { key: 'escalate', dueAt: 1 }
                      : { runbookId: 'rb', stepId: d.to }
            const kind = {
              note: 'note',
              pin: 'note',
              severity: 'incident.severity_changed',
              tick: 'checklist.ticked',
              untick: 'checklist.unticked',
              postmortem: 'postmortem.edited',
              timer: 'timer.fired',
            }[d.kind]
            const e = { ...ev(d.origin, d.hlc, kind, payload), seq }
            return d.kind === 'timer' ? { ...e, uid: 'timer-escalate' } : e
          })
        const all = [declared, ...made]
        // Arrival: a random permutation (some events arrive long after later ones), in batches.
        const arrival = [...all]
        for (let i = arrival.length - 1; i > 0; i--) {
          const j = (order[i % Math.max(order.length, 1)] ?? i) % (i + 1)
          ;[arrival[i], arrival[j]] = [arrival[j] as TeamEvent, arrival[i] as TeamEvent]
        }
        let held: TeamEvent[] = []
        let projector: Projector | null = null
        const policy = { every: 2, keep: 3 }
        for (let from = 0; from < arrival.length; from += 3) {
          const fresh = arrival.slice(from, from + 3).sort(teamOrder)
          held = [...held, ...fresh]
          const point =
            projector && !projector.canAppend(fresh) ? projector.rewindPoint(fresh) : null
          if (projector && point) {
            rewinds++
            projector.rewind(
              point,
              held.filter((e) => e.seq > (point.floors.get(e.origin) ?? -1)),
            )
          } else if (projector && projector.canAppend(fresh)) projector.add(fresh)
          else projector = new Projector(INC, mergedOrder(held), policy)
          expect(JSON.stringify(projector.result())).toBe(JSON.stringify(project(INC, held)))
          expect(projector.postmortemState()).toEqual(
            new Projector(INC, mergedOrder(held)).postmortemState(),
          )
        }
      }),
      { numRuns: 300 },
    )
    // Not vacuous: late events did take the rewind path.
    expect(rewinds).toBeGreaterThan(50)
  })
})
