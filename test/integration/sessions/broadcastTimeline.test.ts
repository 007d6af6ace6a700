// A broadcast line is one timeline entry: while sessions are broadcast targets (the window says
// so through sessions.setBroadcastTargets), what is typed into them is recorded once, as the
// window's broadcast.line, not also as a command.typed per target. A line typed in a pane that
// is not a target is still recorded, and so is one typed after broadcast is turned off. Real
// local shells (SITREP_SHELL: bash without rc files), calls through the contract's dispatch.
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'
import { until } from '../../helpers/until'

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

describe('broadcast lines on the incident timeline', () => {
  it('records one broadcast.line per line with the right count, and command.typed elsewhere', async () => {
    const c = (core = startTestCore())
    const handlers = createHandlers(c)
    const viewer = { id: 'window', sendFrame: () => undefined }
    let callId = 0
    const call = async (method: string, params: unknown): Promise<unknown> => {
      const reply = await dispatch(handlers, ++callId, method, params, { viewer })
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`)
      return reply.result
    }
    const incident = c.incidents().incidents.declare({
      title: 'API 5xx',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    const open = async (): Promise<SessionInfo> => {
      const info = (await call('sessions.openLocal', {
        cols: 80,
        rows: 24,
        incidentId: incident.id,
      })) as SessionInfo
      await call('sessions.attach', { sessionId: info.id })
      return info
    }
    const [a, b, other] = [await open(), await open(), await open()]
    const type = (s: SessionInfo, text: string): void =>
      routeIncomingFrame(
        c.sessions,
        viewer,
        encodeFrame(FrameKind.Input, s.channel, new TextEncoder().encode(text)),
      )
    const output = (s: SessionInfo): string => {
      const row = c.data
        .require()
        .db.prepare(
          "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
        )
        .get(s.id) as { d: Buffer | null }
      return Buffer.from(row.d ?? '').toString()
    }
    const events = () => c.data.require().timeline.list(incident.id, { limit: 200 })

    // Bad input is refused with a clear error and changes nothing.
    await expect(call('sessions.setBroadcastTargets', { sessionIds: a.id })).rejects.toThrow(
      /Invalid parameters for sessions.setBroadcastTargets \(sessionIds\)/,
    )
    expect(c.sessions.isBroadcastTarget(a.id)).toBe(false)
    // The window turns broadcast on for a and b (an unknown id is left out, not an error).
    const set = (await call('sessions.setBroadcastTargets', {
      sessionIds: [a.id, b.id, '00000000-0000-4000-8000-000000000000'],
    })) as { sessionIds: string[] }
    expect(set.sessionIds.sort()).toEqual([a.id, b.id].sort())

    // What the window's input router does for a broadcast line: the bytes to every target,
    // then the line to sessions.broadcastLine.
    const line = 'echo bc-$((6*7))-marker'
    type(a, `${line}\r`)
    type(b, `${line}\r`)
    expect(
      await call('sessions.broadcastLine', {
        incidentId: incident.id,
        text: line,
        sessionIds: [a.id, b.id],
      }),
    ).toEqual({ recorded: true })
    // A pane that is not a target keeps its own line on the timeline.
    type(other, 'echo solo-$((2+3))-marker\r')
    await until(
      () => output(a).includes('bc-42-marker') && output(b).includes('bc-42-marker'),
      'both targets to run the broadcast line',
    )
    await until(() => output(other).includes('solo-5-marker'), 'the other pane to run its line')
    await until(
      () => events().some((e) => e.kind === 'command.typed'),
      'the other pane’s command.typed',
    )

    const broadcast = events().filter((e) => e.kind === 'broadcast.line')
    expect(broadcast).toHaveLength(1)
    expect(broadcast[0]?.payload).toMatchObject({ text: line, count: 2 })
    const typed = events().filter((e) => e.kind === 'command.typed')
    expect(typed.map((e) => [e.payload.sessionId, e.payload.text])).toEqual([
      [other.id, 'echo solo-$((2+3))-marker'],
    ])

    // The status update names the count (it said "0 panes" before).
    const draft = c.incidents().draftStatusUpdate(incident.id, { template: 'progress', lang: 'en' })
    // The status update's words are the timeline's (src/shared/eventText.ts).
    expect(draft.text).toContain(`- Broadcast: ${line} → 2 panes (${a.title}, ${b.title})`)
    expect(draft.text).not.toMatch(/\b0 panes/)
    const ja = c.incidents().draftStatusUpdate(incident.id, { template: 'progress', lang: 'ja' })
    expect(ja.text).toContain(`- 一斉入力: ${line} → 2 ペイン（${a.title}, ${b.title}）`)

    // Broadcast off: a line typed in a former target is a command.typed again.
    expect(await call('sessions.setBroadcastTargets', { sessionIds: [] })).toEqual({
      sessionIds: [],
    })
    type(a, 'echo after-$((1+1))-off\r')
    await until(
      () => events().some((e) => e.kind === 'command.typed' && e.payload.sessionId === a.id),
      'a command.typed from the former target',
    )

    // A target whose session ends is dropped from the set: a later session is not muted by it.
    await call('sessions.setBroadcastTargets', { sessionIds: [b.id] })
    type(b, 'exit\r')
    await until(() => c.sessions.get(b.id).closed, 'the target to exit')
    expect(c.sessions.isBroadcastTarget(b.id)).toBe(false)
    expect(events().filter((e) => e.kind === 'broadcast.line')).toHaveLength(1)
    expect(c.data.require().timeline.verify(incident.id).intact).toBe(true)
  })
})
