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
})
