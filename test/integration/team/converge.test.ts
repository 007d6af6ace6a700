// Three laptops (three Cores, three data folders) and one team PostgreSQL 15 over TLS
// (verify-full against a test CA): declare on A, a note on B, a severity change on C; all three
// converge on the same incident, byte for byte, and every origin's chain verifies.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { startTestCore } from '../../helpers/core'
import { startTcpProxy } from '../faults/tcpProxy'
import {
  configureInput,
  converge,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob', 'carol'])
}, 60_000)

afterAll(async () => {
  for (const c of cores.splice(0)) {
    await c.team().close()
    c.close()
  }
  await server?.stop()
})

describe('team sync: three laptops, one PostgreSQL', () => {
  it('declare on A, note on B, severity on C: identical canonical exports and verified chains', async () => {
    const [a, b, c] = ['alice', 'bob', 'carol'].map(() => startTestCore())
    cores.push(a!, b!, c!)
    const users = ['alice', 'bob', 'carol']
    for (const [i, core] of [a!, b!, c!].entries()) {
      const st = await core.team().configure(configureInput(server, users[i]!))
      expect(st, JSON.stringify(st)).toMatchObject({ state: 'synced', wakeups: 'notify' })
    }
    const incident = a!.incidents().declare({
      title: 'Checkout errors',
      severity: 'P2',
      services: ['checkout'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    await converge([a!, b!, c!], incident.id)
    // B and C now have the incident row, from the team projection.
    expect(b!.incidents().get(incident.id).title).toBe('Checkout errors')
    b!.incidents().addNote(incident.id, { text: 'rollback started', actor: 'bob' })
    c!.incidents().changeSeverity(incident.id, { severity: 'P1', actor: 'carol' })
    await converge([a!, b!, c!], incident.id)

    const exports = [a!, b!, c!].map((x) => x.team().canonicalExport(incident.id))
    expect(exports[1]).toBe(exports[0])
    expect(exports[2]).toBe(exports[0])
    for (const x of [a!, b!, c!]) {
      expect(x.incidents().get(incident.id).severity).toBe('P1')
      const kinds = x
        .team()
        .timeline(incident.id)
        .map((e) => `${e.author}:${e.kind}`)
      expect(kinds).toEqual([
        'alice:incident.declared',
        'bob:note',
        'carol:incident.severity_changed',
      ])
      const verdicts = x.team().verify(incident.id)
      expect(verdicts.map((v) => [v.authors.join(), v.intact, v.events]).sort()).toEqual([
        ['alice', true, 1],
        ['bob', true, 1],
        ['carol', true, 1],
      ])
      expect(x.team().status()).toMatchObject({ state: 'synced', waiting: 0 })
    }
    // Through the contract, as the renderer asks: B's merged timeline names who wrote what.
    const viewer = { id: 'v', sendFrame: () => undefined }
    const reply = await dispatch(
      createHandlers(b!),
      1,
      'team.timeline',
      { incidentId: incident.id },
      { viewer },
    )
    expect(reply.ok).toBe(true)
    const merged = reply.ok ? (reply.result as { author: string; kind: string }[]) : []
    expect(merged.map((e) => `${e.author}:${e.kind}`)).toEqual([
      'alice:incident.declared',
      'bob:note',
      'carol:incident.severity_changed',
    ])
    // timeline.verify (the Verify button) checks every install's chain in a team.
    const verified = await dispatch(
      createHandlers(a!),
      2,
      'timeline.verify',
      { incidentId: incident.id },
      { viewer },
    )
    expect(verified).toMatchObject({ ok: true, result: { intact: true, events: 3 } })
    // A changed copy of bob's note on A (the file edited behind Sitrep's back) is named.
    const dbA = a!.data.require().db
    dbA.exec('DROP TRIGGER team_events_append_only_update')
    dbA.prepare(`UPDATE team_events SET payload = '{"text":"forged"}' WHERE kind = 'note'`).run()
    const forged = await dispatch(
      createHandlers(a!),
      3,
      'timeline.verify',
      { incidentId: incident.id },
      { viewer },
    )
    expect(forged).toMatchObject({ ok: true, result: { intact: false, brokenAtSeq: 1 } })
    expect(forged.ok ? (forged.result as { reason: string | null }).reason : null).toMatch(
      /^install .* \(bob\): event #1 was changed/,
    )

    // The incidents rows are the same everywhere too (the list and header read them).
    const rows = [a!, b!, c!].map((x) => JSON.stringify(x.incidents().get(incident.id)))
    expect(new Set(rows).size).toBe(1)
  }, 60_000)

  it('A and C change the severity while apart: all three show the later one and one conflict line', async () => {
    const [a, b, c] = ['alice', 'bob', 'carol'].map(() => startTestCore())
    cores.push(a!, b!, c!)
    for (const [i, core] of [a!, b!, c!].entries())
      await core.team().configure(configureInput(server, ['alice', 'bob', 'carol'][i]!))
    const incident = a!.incidents().declare({
      title: 'Split brain',
      severity: 'P2',
      services: [],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    await converge([a!, b!, c!], incident.id)
    // Neither syncs in between: both change P2 without seeing the other.
    a!.incidents().changeSeverity(incident.id, { severity: 'P1', actor: 'alice' })
    await new Promise((r) => setTimeout(r, 5))
    c!.incidents().changeSeverity(incident.id, { severity: 'P3', actor: 'carol' })
    await converge([a!, b!, c!], incident.id)
    for (const x of [a!, b!, c!]) {
      const p = x.team().projection(incident.id)
      expect(p.incident.severity).toBe('P3')
      expect(p.conflicts.map((k) => [k.field, k.kept.value, k.overridden.value])).toEqual([
        ['severity', 'P3', 'P1'],
      ])
      expect(x.incidents().get(incident.id).severity).toBe('P3')
    }
  }, 60_000)

  it('own appends get their team clock from the next cycle, in one commit; cycles never set the incident back', async () => {
    const a = startTestCore()
    cores.push(a)
    await a.team().configure(configureInput(server, 'alice'))
    const incident = a.incidents().declare({
      title: 'Streaming notes',
      severity: 'P2',
      services: [],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    await a.team().syncNow()
    // The append commits the event alone (a stamp in every append's commit cost appends with
    // sync on ~13 %); the cycle stamps it, then pushes it: another connection sees both.
    const reader = new Database(a.data.require().path, { readonly: true })
    const stampOf = reader.prepare(
      `SELECT o.hlc, o.author, o.pushed_at FROM team_own_events o
       JOIN timeline_events e ON e.id = o.event_id WHERE e.uid = ?`,
    )
    const note = a.incidents().addNote(incident.id, { text: 'first', actor: 'alice' })
    expect(stampOf.get(note.uid)).toBeUndefined()
    await a.team().syncNow()
    expect(stampOf.get(note.uid)).toMatchObject({ author: 'alice', pushed_at: expect.any(Number) })
    // Notes stream in while cycles push them: the incident row only ever moves forward (a
    // cycle once wrote back the projection of what it had stamped, older than the row).
    const seen: number[] = []
    const off = a.events.on('incident.changed', (i) => {
      if (i.id === incident.id) seen.push(i.updatedAt)
    })
    const n = 300
    for (let i = 0; i < n; i++) {
      a.incidents().addNote(incident.id, { text: `stream ${i}`, actor: 'alice' })
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 15))
    }
    // Cycles ran while the notes streamed in (they pushed some), not only after.
    const pushedMidStream = reader
      .prepare('SELECT count(*) FROM team_own_events WHERE pushed_at IS NOT NULL')
      .pluck()
      .get() as number
    expect(pushedMidStream).toBeGreaterThan(1)
    await a.team().syncNow()
    off()
    expect(seen.length).toBeGreaterThanOrEqual(n)
    expect(seen.filter((t, i) => i > 0 && t < seen[i - 1]!)).toEqual([])
    const stamps = reader
      .prepare(
        `SELECT o.hlc FROM team_own_events o JOIN timeline_events e ON e.id = o.event_id
         WHERE e.incident_id = ? ORDER BY e.id`,
      )
      .pluck()
      .all(incident.id) as number[]
    expect(stamps.length).toBe(n + 2)
    expect(stamps.every((h, i) => i === 0 || h > stamps[i - 1]!)).toBe(true)
    expect(a.team().status().waiting).toBe(0)
    reader.close()
    expect(a.incidents().get(incident.id)).toEqual(a.team().projection(incident.id).incident)
  }, 60_000)

  it('a late event in a long incident rewinds the fold a little instead of refolding it all', async () => {
    // C writes a note while its link is partitioned; A writes 300 notes meanwhile, which B folds
    // on as they come. When C's link heals its note sorts before all of them: B folds it in from
    // a checkpoint (every 64 events here, 2 048 in the app), reading only what sorts after it,
    // and ends equal to a fold from scratch.
    const proxy = await startTcpProxy(server.pg.port)
    try {
      const checkpoints = { every: 64, keep: 8 }
      const [a, b, c] = [0, 1, 2].map(() => startLaptop({ checkpoints })) as [Core, Core, Core]
      cores.push(a, b, c)
      await a.team().configure(configureInput(server, 'alice'))
      await b.team().configure(configureInput(server, 'bob'))
      await c.team().configure({ ...configureInput(server, 'carol'), port: proxy.port })
      const incident = a.incidents().declare({
        title: 'Late arrival',
        severity: 'P2',
        services: [],
        impactScope: 'core',
        detection: 'monitoring-alert',
        actor: 'alice',
      })
      const note = (n: number) => {
        for (let i = 0; i < n; i++)
          a.incidents().addNote(incident.id, { text: `a${i}`, actor: 'alice' })
      }
      // Past the first checkpoints, so there is one to rewind to.
      note(300)
      await converge([a, b, c], incident.id, 60_000)
      proxy.blackhole()
      const late = c.incidents().addNote(incident.id, { text: 'written offline', actor: 'carol' })
      await new Promise((r) => setTimeout(r, 5))
      note(300)
      await converge([a, b], incident.id, 60_000)
      const before = { ...b.team().foldStats }
      proxy.heal()
      await converge([a, b, c], incident.id, 60_000)
      const after = b.team().foldStats
      expect(after.rewinds).toBeGreaterThan(before.rewinds)
      expect(after.refolds).toBe(before.refolds)
      // The late note sorts before A's notes on every laptop, and the incident row B shows is
      // the fold of everything it holds.
      const order = b
        .team()
        .timeline(incident.id)
        .map((e) => e.uid)
      expect(order.indexOf(late.uid)).toBe(order.length - 301)
      expect(b.incidents().get(incident.id)).toEqual(b.team().projection(incident.id).incident)
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('with no team configured nothing waits for one', () => {
    const solo = startTestCore()
    cores.push(solo)
    const incident = solo.incidents().declare({
      title: 'Alone',
      severity: 'P3',
      services: [],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    for (let i = 0; i < 20; i++) solo.incidents().addNote(incident.id, { text: `n ${i}` })
    expect(solo.team().status()).toMatchObject({ state: 'local-only', waiting: 0 })
  })
})
