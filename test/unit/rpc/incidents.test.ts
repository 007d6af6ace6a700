// The incidents methods through dispatch, as the renderer calls them, with their events.
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { EventName, Incident, TimelineEvent } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/tempDir'

const viewer = { id: 'test', sendFrame: () => undefined }

/** A Core on a stopped clock the test moves (`clock.now`), and its methods through dispatch. */
function startCore() {
  const clock = { now: Date.UTC(2024, 0, 20, 5, 0) }
  const core = new Core({
    dataDir: tempDir(),
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    clock: { now: () => clock.now },
  })
  core.start()
  const h = createHandlers(core)
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const reply = await dispatch(h, 1, method, params, { viewer })
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`)
    return reply.result as T
  }
  return { core, clock, h, call }
}

describe('incidents over the contract', () => {
  it('declares, notes, resolves; events follow the commits; bad input gets a clear message', async () => {
    const { core, clock, h, call } = startCore()
    const events: EventName[] = []
    core.events.onAny((name) => events.push(name))

    const incident = await call<Incident>('incidents.declare', {
      title: 'API down',
      severity: 'P1',
      services: ['api'],
      impactScope: 'all',
      detection: 'user-report',
      actor: 'aiko',
    })
    expect(events).toEqual(['timeline.appended', 'incident.changed'])
    const note = await call<TimelineEvent>('incidents.addNote', {
      incidentId: incident.id,
      text: 'restarted api-1',
    })
    expect(note.kind).toBe('note')
    clock.now += 16 * 60_000
    await call('incidents.changeStatus', { incidentId: incident.id, status: 'resolved' })
    const page = await call<{ total: number }>('incidents.list', { text: 'restarted' })
    expect(page.total).toBe(1)

    const tooBig = await dispatch(
      h,
      2,
      'incidents.addNote',
      { incidentId: incident.id, text: 'x'.repeat(10 * 1024 * 1024) },
      { viewer },
    )
    expect(tooBig).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_params',
        message: expect.stringMatching(/10.0 MB; the limit is 1.0 MB/),
      },
    })
    core.close()
  })

  it('latestOpen: the most recent open incident with its newest page, none once it is resolved', async () => {
    const { core, clock, h, call } = startCore()
    const declare = (title: string): Promise<Incident> =>
      call<Incident>('incidents.declare', {
        title,
        severity: 'P2',
        services: ['api'],
        impactScope: 'all',
        detection: 'user-report',
        actor: 'aiko',
      })
    type Latest = { incident: Incident; events: TimelineEvent[] } | null

    expect(await call<Latest>('incidents.latestOpen', {})).toBeNull()
    const older = await declare('Queue backlog')
    clock.now += 60_000
    const newer = await declare('API down')
    for (let i = 0; i < 5; i++) {
      clock.now += 1000
      await call('incidents.addNote', { incidentId: newer.id, text: `note ${i}` })
    }
    const latest = await call<Latest>('incidents.latestOpen', { limit: 3 })
    // The same incident and page the two calls it replaces answer.
    expect(latest?.incident).toEqual(
      await call<Incident>('incidents.get', { incidentId: newer.id }),
    )
    const page = await call<TimelineEvent[]>('timeline.list', { incidentId: newer.id, limit: 3 })
    expect(latest?.events).toEqual(page)
    expect(page.map((e) => (e.payload as { text: string }).text)).toEqual([
      'note 2',
      'note 3',
      'note 4',
    ])
    // Resolved, it is not the one to show: the other open incident is.
    await call('incidents.changeStatus', { incidentId: newer.id, status: 'resolved' })
    expect((await call<Latest>('incidents.latestOpen', {}))?.incident.id).toBe(older.id)
    await call('incidents.changeStatus', { incidentId: older.id, status: 'resolved' })
    expect(await call<Latest>('incidents.latestOpen', {})).toBeNull()
    // Bounded like timeline.list.
    const bad = await dispatch(h, 2, 'incidents.latestOpen', { limit: 5000 }, { viewer })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_params' } })
    core.close()
  })
})
