// Hand-over: a JSON bundle recreates the incident identically on another laptop (same uids,
// seqs, hashes; verify passes), two divergent copies merge into one timeline without duplicates
// with conflicts reported, and a corrupted or foreign bundle changes nothing.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { TimelineEvent } from '../../../src/shared/contract'
import { logicalUid } from '../../../src/main/core/export/eventText'
import { buildFixture, makeCore, MIN, T0 } from './fixture'

const cores: Core[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.close()
})

function track<T extends { core: Core }>(x: T): T {
  cores.push(x.core)
  return x
}

async function bundleOf(core: Core, incidentId: string): Promise<string> {
  const r = await core.exports().service.run({
    incidentId,
    format: 'json',
    lang: 'en',
    patterns: [],
    inline: false,
  })
  return readFileSync(r.files[0]!.path, 'utf8')
}

const all = (core: Core, id: string): TimelineEvent[] =>
  core.data.require().timeline.list(id, { limit: 100_000 })

function tableCounts(core: Core): Record<string, number> {
  const db = core.data.require().db
  const out: Record<string, number> = {}
  for (const t of [
    'incidents',
    'timeline_events',
    'sessions',
    'transcript_chunks',
    'postmortems',
  ]) {
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
  }
  return out
}

describe('JSON bundle round trip', () => {
  it('recreates the incident on another laptop: same events, hashes, sessions, postmortem', async () => {
    const a = track(buildFixture({ secrets: false }))
    const id = a.incident.id
    const pm = a.core.exports().postmortem(id, 'ja')
    a.core
      .exports()
      .savePostmortem(id, 'ja', { ...pm.fields, rootCause: 'pgbouncer の上限' }, 'aiko')
    const text = await bundleOf(a.core, id)

    const b = track(makeCore())
    const preview = b.core.exports().importPreview({ content: text, actor: 'kenji' })
    expect(preview).toMatchObject({ mode: 'created', added: all(a.core, id).length })
    // Nothing was written: the incident is still unknown here.
    expect(() => b.core.incidents().incidents.get(id)).toThrow()
    const result = b.core.exports().import({ content: text, actor: 'kenji' })
    expect(result).toMatchObject({
      mode: 'created',
      added: all(a.core, id).length,
      sessions: 1,
      conflicts: [],
    })
    expect(all(b.core, id)).toEqual(all(a.core, id))
    expect(b.core.data.require().timeline.verify(id)).toMatchObject({ intact: true })
    expect(b.core.incidents().incidents.get(id)).toEqual(a.core.incidents().incidents.get(id))
    expect(b.core.exports().postmortem(id, 'ja').fields.rootCause).toBe('pgbouncer の上限')
    // The recreated copy exports the very same bundle (origin and time aside).
    const again = JSON.parse(await bundleOf(b.core, id)) as Record<string, unknown>
    const first = JSON.parse(text) as Record<string, unknown>
    for (const k of ['incident', 'events', 'sessions', 'postmortem', 'end'])
      expect(again[k]).toEqual(first[k])
    // Importing the same bundle twice adds nothing.
    expect(b.core.exports().import({ content: text, actor: null })).toMatchObject({
      mode: 'merged',
      added: 0,
    })
    expect(all(b.core, id)).toHaveLength(all(a.core, id).length)
  })

  it('refuses corrupted and foreign bundles with a clear error, changing nothing', async () => {
    const a = track(buildFixture({ secrets: false }))
    const text = await bundleOf(a.core, a.incident.id)
    const b = track(makeCore())
    const before = tableCounts(b.core)
    const bundle = JSON.parse(text) as { events: { payload: Record<string, unknown> }[] }
    bundle.events[5]!.payload.text = 'rewritten history'
    const cases: [string, RegExp][] = [
      [JSON.stringify(bundle), /event #6 was changed after it was written/],
      [text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
      ['{"hello": "world"}', /not a Sitrep incident bundle/],
      [text.replace('"version":1', '"version":9'), /bundle version 9/],
      [
        JSON.stringify({
          ...JSON.parse(text),
          events: (JSON.parse(text) as { events: unknown[] }).events.slice(1),
        }),
        /says it holds/,
      ],
    ]
    for (const [content, message] of cases) {
      expect(() => b.core.exports().import({ content, actor: null })).toThrow(message)
      expect(tableCounts(b.core)).toEqual(before)
    }
    // The same refusal for a merge into an existing copy: nothing is appended.
    const counts = tableCounts(a.core)
    expect(() => a.core.exports().import({ content: JSON.stringify(bundle), actor: null })).toThrow(
      /Nothing was changed/,
    )
    expect(tableCounts(a.core)).toEqual(counts)
  })
})

describe('a bundle with masked secrets', () => {
  it('imports, says which events were masked, and verify points at the first of them', async () => {
    const a = track(buildFixture({ secrets: true }))
    const id = a.incident.id
    const text = await bundleOf(a.core, id)
    const masked = (
      JSON.parse(text) as { events: { seq: number; redacted?: true }[] }
    ).events.filter((e) => e.redacted)
    expect(masked.length).toBeGreaterThan(0)
    const b = track(makeCore())
    const result = b.core.exports().import({ content: text, actor: null })
    expect(result).toMatchObject({ mode: 'created', redactedEvents: masked.length })
    // The masked text is what arrived; the chain shows exactly where content was masked.
    expect(b.core.data.require().timeline.verify(id)).toMatchObject({
      intact: false,
      brokenAtSeq: masked[0]!.seq,
    })
    // Merging the same bundle back into the original adds nothing and keeps its chain intact.
    expect(a.core.exports().import({ content: text, actor: null }).added).toBe(0)
    expect(a.core.data.require().timeline.verify(id)).toMatchObject({ intact: true })
  })
})

describe('merging two divergent copies', () => {
  it('one timeline with both sides, no duplicates, in time order, attributed, conflicts shown', async () => {
    const a = track(buildFixture({ secrets: false }))
    const id = a.incident.id
    const b = track(makeCore())
    b.core.exports().import({ content: await bundleOf(a.core, id), actor: 'kenji' })
    const shared = all(a.core, id).length

    // Offline, both reopen and work; both change the severity, differently.
    a.clock.now = T0 + 120 * MIN
    a.core.incidents().incidents.reopen(id, { reason: 'errors again', actor: 'aiko' })
    a.core
      .incidents()
      .incidents.addNote(id, { text: 'A: pgbouncer pool full again', actor: 'aiko' })
    a.clock.now = T0 + 125 * MIN
    a.core.incidents().incidents.changeSeverity(id, { severity: 'P2', actor: 'aiko' })
    b.clock.now = T0 + 121 * MIN
    b.core.incidents().incidents.reopen(id, { reason: 'user reports', actor: 'kenji' })
    b.core
      .incidents()
      .incidents.addNote(id, { text: 'B: users report checkout errors', actor: 'kenji' })
    b.clock.now = T0 + 130 * MIN
    b.core.incidents().incidents.changeSeverity(id, { severity: 'P3', actor: 'kenji' })

    const fromB = await bundleOf(b.core, id)
    // The preview tells exactly what the import will do, and writes nothing.
    const before = all(a.core, id)
    const preview = a.core.exports().importPreview({ content: fromB, actor: 'aiko' })
    expect(all(a.core, id)).toEqual(before)
    expect(a.core.data.require().timeline.verify(id)).toMatchObject({ intact: true })
    const merged = a.core.exports().import({ content: fromB, actor: 'aiko' })
    expect(preview).toEqual(merged)
    expect(merged.mode).toBe('merged')
    expect(merged.added).toBe(3)
    expect(merged.duplicates).toBe(shared)
    expect(merged.conflicts).toEqual([
      expect.objectContaining({
        field: 'severity',
        local: expect.objectContaining({ value: 'P2', actor: 'aiko' }),
        imported: expect.objectContaining({ value: 'P3', actor: 'kenji' }),
        kept: 'imported',
      }),
    ])
    // The later change wins in the incident, the other is on record in the merge event.
    expect(a.core.incidents().incidents.get(id).severity).toBe('P3')
    const events = all(a.core, id)
    expect(a.core.data.require().timeline.verify(id)).toMatchObject({ intact: true })
    const uids = events.map(logicalUid)
    expect(new Set(uids).size).toBe(uids.length)
    const fromOther = events.filter((e) => e.payload.mergedFrom)
    expect(fromOther.map((e) => e.actor)).toEqual(['kenji', 'kenji', 'kenji'])
    for (const e of fromOther) {
      expect(e.payload.mergedFrom).toMatchObject({
        origin: expect.any(String),
        recordedAt: expect.any(Number),
      })
    }
    const mergeEvent = events[events.length - 1]!
    expect(mergeEvent.kind).toBe('incident.merged')
    expect(JSON.stringify(mergeEvent.payload.conflicts)).toContain('P3')

    // The other way round and back (B's timer engine may fire meanwhile: that is new too):
    // then both hold the same events, and importing again adds nothing.
    b.core.exports().import({ content: await bundleOf(a.core, id), actor: 'kenji' })
    a.core.exports().import({ content: await bundleOf(b.core, id), actor: 'aiko' })
    const logical = (c: Core): Set<string> =>
      new Set(
        all(c, id)
          .filter((e) => e.kind !== 'incident.merged')
          .map(logicalUid),
      )
    expect(logical(b.core)).toEqual(logical(a.core))
    expect(
      a.core.exports().import({ content: await bundleOf(b.core, id), actor: null }).added,
    ).toBe(0)

    // Exports list the merged timeline in time order: A's note (120') before B's (121').
    const r = await a.core
      .exports()
      .service.run({ incidentId: id, format: 'markdown', lang: 'en', patterns: [], inline: true })
    const md = r.content ?? ''
    expect(md.indexOf('A: pgbouncer pool full again')).toBeLessThan(
      md.indexOf('B: users report checkout errors'),
    )
  })
})
