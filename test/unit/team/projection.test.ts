// The team projection is a function of the event set alone: any arrival order gives the same
// canonical export; concurrent changes of one field keep the later (by the hybrid clock) and
// leave a conflict line; a change made after seeing another is no conflict; one deterministic
// uid written by three laptops counts once.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HybridClock } from '../../../src/main/core/team/hlc'
import type { TeamEvent } from '../../../src/main/core/team/local'
import {
  canonicalExport,
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
})
