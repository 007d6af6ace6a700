// The incidents methods through dispatch, as the renderer calls them, with their events.
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { EventName, Incident, TimelineEvent } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/tempDir'

const viewer = { id: 'test', sendFrame: () => undefined }

describe('incidents over the contract', () => {
  it('declares, notes, resolves; events follow the commits; bad input gets a clear message', async () => {
    let now = Date.UTC(2024, 0, 20, 5, 0)
    const core = new Core({
      dataDir: tempDir(),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      clock: { now: () => now },
    })
    core.start()
    const events: EventName[] = []
    core.events.onAny((name) => events.push(name))
    const h = createHandlers(core)
    const call = async <T>(method: string, params: unknown): Promise<T> => {
      const reply = await dispatch(h, 1, method, params, { viewer })
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`)
      return reply.result as T
    }

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
    now += 16 * 60_000
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
})
