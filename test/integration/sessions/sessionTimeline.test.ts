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
    // A password prompt: what is typed there reaches the shell but not the transcript.
    type('read -s -p "Password: " pw; echo got-${#pw}-chars\r')
    await until(() => {
      const out = core.data
        .require()
        .db.prepare(
          "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
        )
        .get(info.id) as { d: Buffer | null }
      return Buffer.from(out.d ?? '')
        .toString()
        .includes('Password: ')
    }, 'the password prompt')
    type('topsecret-value\r')
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
    const typed = core.data
      .require()
      .timeline.list(incident.id, { limit: 50 })
      .filter((e) => e.kind === 'command.typed')
      .map((e) => e.payload.text)
    expect(typed).toEqual([
      'read -s -p "Password: " pw; echo got-${#pw}-chars',
      'echo zebra-$((7*6))-marker; exit 4',
    ])
    const input = core.data
      .require()
      .db.prepare(
        "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'i'",
      )
      .get(info.id) as { d: Buffer }
    expect(Buffer.from(input.d).toString()).not.toContain('topsecret')
    const output = core.data
      .require()
      .db.prepare(
        "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
      )
      .get(info.id) as { d: Buffer }
    expect(Buffer.from(output.d).toString()).toContain('got-15-chars') // the shell did get it
    const found = core.incidents().incidents.list({ text: 'zebra-42-marker' })
    expect(found.items.map((i) => i.id)).toEqual([incident.id])
    expect(core.data.require().timeline.verify(incident.id).intact).toBe(true)
    core.close()
  })
})
