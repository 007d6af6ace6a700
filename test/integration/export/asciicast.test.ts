// A real session recorded from a local pty, exported as asciicast v2 and played back by the real
// `asciinema cat` (under a pty, since it wants a terminal): what the shell printed comes out.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { decodeFrame, encodeFrame, FrameKind } from '../../../src/shared/contract'
import { requireBinary } from '../../helpers/services/require'
import { makeCore } from '../../unit/export/fixture'

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const skip =
  requireBinary('asciinema', '/usr/bin/asciinema') ?? requireBinary('script', '/usr/bin/script')

describe.skipIf(skip)('asciicast export', () => {
  it('asciinema cat plays the exported recording of a real pty session', async () => {
    const { core } = makeCore(undefined, Date.now())
    try {
      const incident = core.incidents().incidents.declare({
        title: 'disk full on web-1',
        severity: 'P2',
        services: ['web'],
        impactScope: 'core',
        detection: 'monitoring-alert',
      })
      const info = core.sessions.openLocal({ cols: 90, rows: 25, incidentId: incident.id })
      let seen = ''
      const viewer = {
        id: 'v',
        sendFrame(frame: Uint8Array) {
          const f = decodeFrame(frame)
          if (f?.kind === FrameKind.Output) seen += Buffer.from(f.payload).toString('utf8')
        },
      }
      core.sessions.attach(viewer, info.id)
      const type = (s: string): void =>
        routeIncomingFrame(
          core.sessions,
          viewer,
          encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
        )
      type('echo cast-$((6*7)) 日本語\r')
      await until(() => seen.includes('cast-42'))
      core.sessions.get(info.id).resize(100, 30)
      type('exit\r')
      await until(() => core.sessions.list().find((s) => s.id === info.id)?.state === 'closed')

      const r = await core.exports().service.run({
        incidentId: incident.id,
        format: 'asciicast',
        lang: 'en',
        patterns: [],
        inline: false,
      })
      expect(r.files).toHaveLength(1)
      const cast = readFileSync(r.files[0]!.path, 'utf8').trimEnd().split('\n')
      const header = JSON.parse(cast[0]!) as { version: number; width: number; height: number }
      expect(header).toMatchObject({ version: 2, width: 90, height: 25 })
      const events = cast.slice(1).map((l) => JSON.parse(l) as [number, string, string])
      expect(events.some(([, kind, data]) => kind === 'r' && data === '100x30')).toBe(true)
      expect(events.some(([, kind, data]) => kind === 'i' && data.includes('echo cast'))).toBe(true)
      const times = events.map(([t]) => t)
      expect(times).toEqual([...times].sort((a, b) => a - b))

      const played = execFileSync(
        'script',
        ['-qec', `asciinema cat ${r.files[0]!.path}`, '/dev/null'],
        {
          encoding: 'utf8',
          timeout: 20_000,
          env: { ...process.env, TERM: 'xterm-256color' },
        },
      )
      expect(played).toContain('cast-42 日本語')
    } finally {
      core.close()
    }
  })
})
