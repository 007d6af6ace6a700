// A session opened for an incident records itself on the timeline, and its output becomes
// searchable when it closes.
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { encodeFrame, FrameKind } from '../../../src/shared/contract'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { tempDir } from '../../helpers/tempDir'

async function until(cond: () => boolean, what: string): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('sessions on the incident timeline', () => {
  it('records opened and closed, and indexes the transcript for search', async () => {
    const core = new Core({
      dataDir: tempDir(),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
    })
    core.start()
    const incident = core.incidents().incidents.declare({
      title: 'API 502s',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    const info = core.sessions.openLocal({ cols: 80, rows: 24, incidentId: incident.id })
    const viewer = { id: 'v', sendFrame: () => undefined }
    core.sessions.attach(viewer, info.id)
    const type = (s: string) =>
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
      )
    type('echo zebra-$((7*6))-marker; exit 4\r')
    await until(() => core.sessions.list()[0]?.state === 'closed', 'the shell to exit')
    const kinds = core.data
      .require()
      .timeline.list(incident.id, { limit: 50 })
      .map((e) => e.kind)
    expect(kinds).toEqual(
      expect.arrayContaining(['incident.declared', 'session.opened', 'session.closed']),
    )
    const closed = core.data
      .require()
      .timeline.list(incident.id, { limit: 50 })
      .find((e) => e.kind === 'session.closed')
    expect(closed?.payload).toMatchObject({ exitCode: 4, sessionId: info.id })
    const found = core.incidents().incidents.list({ text: 'zebra-42-marker' })
    expect(found.items.map((i) => i.id)).toEqual([incident.id])
    expect(core.data.require().timeline.verify(incident.id).intact).toBe(true)
    core.close()
  })
})
