// Postmortem drafts in a team (#18): each save becomes a postmortem.edited event with only the
// sections changed; every laptop folds them per section, last writer (team clock) wins. Alice
// writes the summary, Bob the root cause: both drafts hold both. Then both edit the summary
// while Bob is offline: the later edit is the summary on both laptops, and the other is a
// conflict line on both (and both edits stay in the timeline): never silently lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import {
  closeLaptops,
  configureInput,
  converge,
  declareInput,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

function edit(core: Core, incidentId: string, change: Record<string, string>, actor: string) {
  const draft = core.exports().postmortem(incidentId, 'en')
  core.exports().savePostmortem(incidentId, 'en', { ...draft.fields, ...change }, actor)
}

describe('postmortem drafts in a team', () => {
  it('sections from two laptops merge; a concurrent edit keeps the later and shows the other', async () => {
    const [a, b] = [startLaptop(), startLaptop()] as [Core, Core]
    cores.push(a, b)
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('Postmortem together', 'alice'))
    await converge([a, b], incident.id)

    edit(a, incident.id, { summary: 'Checkout failed for 20 minutes.' }, 'alice')
    await converge([a, b], incident.id)
    expect(b.exports().postmortem(incident.id).fields.summary).toBe(
      'Checkout failed for 20 minutes.',
    )
    edit(b, incident.id, { rootCause: 'The connection pool was too small.' }, 'bob')
    await converge([a, b], incident.id)
    for (const x of [a, b]) {
      const f = x.exports().postmortem(incident.id).fields
      expect([f.summary, f.rootCause]).toEqual([
        'Checkout failed for 20 minutes.',
        'The connection pool was too small.',
      ])
      expect(x.team().conflicts(incident.id)).toEqual([])
    }
    // Only what changed travels: Bob's edit carries the root cause alone.
    const edits = a
      .team()
      .timeline(incident.id)
      .filter((e) => e.kind === 'postmortem.edited')
    expect(edits.map((e) => Object.keys(e.payload.sections as object))).toEqual([
      ['summary'],
      ['rootCause'],
    ])

    // Concurrent: Bob, offline (his team server unreachable: a port nothing listens on), edits
    // the summary after Alice did, without seeing hers.
    const st = await b.team().configure({ ...configureInput(server, 'bob'), port: 1 })
    expect(st.state).toBe('offline')
    edit(a, incident.id, { summary: 'Alice: checkout failed 14:02–14:22.' }, 'alice')
    await a.team().syncNow()
    await new Promise((r) => setTimeout(r, 5))
    edit(b, incident.id, { summary: 'Bob: checkout down about 20 min.' }, 'bob')
    await b.team().configure(configureInput(server, 'bob'))
    await converge([a, b], incident.id)
    for (const x of [a, b]) {
      expect(x.exports().postmortem(incident.id).fields.summary).toBe(
        'Bob: checkout down about 20 min.',
      )
      const conflicts = x.team().conflicts(incident.id)
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0]).toMatchObject({
        field: 'postmortem:summary',
        kept: { value: 'Bob: checkout down about 20 min.', actor: 'bob' },
        overridden: { value: 'Alice: checkout failed 14:02–14:22.', actor: 'alice' },
      })
      // The root cause (not edited concurrently) is untouched.
      expect(x.exports().postmortem(incident.id).fields.rootCause).toBe(
        'The connection pool was too small.',
      )
    }
  }, 60_000)

  it('a concurrent edit stays open until resolved; keep mine and a merge by hand converge everywhere', async () => {
    const [a, b] = [startLaptop(), startLaptop()] as [Core, Core]
    cores.push(a, b)
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('Postmortem conflicts', 'alice'))
    await converge([a, b], incident.id)

    /** Alice edits `section` while Bob is offline, then Bob edits it without seeing hers. */
    const concurrently = async (section: string, alice: string, bob: string) => {
      await b.team().configure({ ...configureInput(server, 'bob'), port: 1 })
      edit(a, incident.id, { [section]: alice }, 'alice')
      await a.team().syncNow()
      await new Promise((r) => setTimeout(r, 5))
      edit(b, incident.id, { [section]: bob }, 'bob')
      await b.team().configure(configureInput(server, 'bob'))
      await converge([a, b], incident.id)
    }
    await concurrently('summary', 'Alice: 14:02-14:22.', 'Bob: about 20 min.')
    // Both laptops show the same open conflict, each knowing which version is its own.
    const onA = a.team().postmortemConflicts(incident.id)
    const onB = b.team().postmortemConflicts(incident.id)
    expect(onA).toHaveLength(1)
    expect(onA[0]).toMatchObject({
      section: 'summary',
      current: { value: 'Bob: about 20 min.', actor: 'bob', self: false },
      others: [{ value: 'Alice: 14:02-14:22.', actor: 'alice', self: true }],
    })
    expect(onB[0]).toMatchObject({
      current: { value: 'Bob: about 20 min.', self: true },
      others: [{ value: 'Alice: 14:02-14:22.', self: false }],
    })
    // Nothing else can be resolved through it, and a value of the wrong shape is refused.
    await expect(
      a.team().resolvePostmortem(incident.id, 'summary', 'x', ['no-such-uid'], 'alice'),
    ).rejects.toThrow(/not found/)
    await expect(
      a.team().resolvePostmortem(incident.id, 'summary', 42, [onA[0]!.others[0]!.uid], 'alice'),
    ).rejects.toThrow(/not a valid/)

    // Alice keeps hers: one ordinary edit event; both drafts hold it, nothing stays open, and it
    // is no new conflict (it was made having seen Bob's). The first conflict line stays history.
    expect(
      await a
        .team()
        .resolvePostmortem(
          incident.id,
          'summary',
          'Alice: 14:02-14:22.',
          [onA[0]!.others[0]!.uid],
          'alice',
        ),
    ).toEqual([])
    await converge([a, b], incident.id)
    for (const x of [a, b]) {
      expect(x.exports().postmortem(incident.id).fields.summary).toBe('Alice: 14:02-14:22.')
      expect(x.team().postmortemConflicts(incident.id)).toEqual([])
      expect(
        x
          .team()
          .conflicts(incident.id)
          .map((c) => c.field),
      ).toEqual(['postmortem:summary'])
    }
    const resolution = a
      .team()
      .timeline(incident.id)
      .filter((e) => e.kind === 'postmortem.edited')
      .at(-1)!
    expect(resolution.payload).toMatchObject({
      sections: { summary: 'Alice: 14:02-14:22.' },
      resolves: { summary: [onA[0]!.others[0]!.uid] },
    })

    // The root cause: Bob, whose text the draft holds, edits it again without resolving: it
    // stays open (he has not seen Alice's version either). Then he merges the two by hand.
    await concurrently('rootCause', 'Pool too small.', 'Retry storm.')
    edit(b, incident.id, { rootCause: 'Retry storm from clients.' }, 'bob')
    await converge([a, b], incident.id)
    const open = b.team().postmortemConflicts(incident.id)
    expect(open).toMatchObject([
      {
        section: 'rootCause',
        current: { value: 'Retry storm from clients.' },
        others: [{ value: 'Pool too small.', actor: 'alice' }],
      },
    ])
    const merged = 'Pool too small, then a retry storm from clients.'
    await b
      .team()
      .resolvePostmortem(incident.id, 'rootCause', merged, [open[0]!.others[0]!.uid], 'bob')
    await converge([a, b], incident.id)
    for (const x of [a, b]) {
      const f = x.exports().postmortem(incident.id).fields
      expect([f.summary, f.rootCause]).toEqual(['Alice: 14:02-14:22.', merged])
      expect(x.team().postmortemConflicts(incident.id)).toEqual([])
    }
  }, 90_000)
})
