// The whole terminal path in main, with a real pty: input → shell → recorder → batcher → viewer.
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { decodeFrame, FrameKind, encodeFrame, encodeAck } from '../../../src/shared/contract'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { tempDir } from '../../helpers/tempDir'

function collectingViewer(id = 'v1') {
  const chunks: Uint8Array[] = []
  return {
    id,
    chunks,
    text: () => Buffer.concat(chunks).toString('utf8'),
    bytes: () => chunks.reduce((n, c) => n + c.byteLength, 0),
    sendFrame(frame: Uint8Array) {
      const f = decodeFrame(frame)
      if (f?.kind === FrameKind.Output) chunks.push(f.payload.slice())
    },
  }
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const input = (s: string) => new TextEncoder().encode(s)

describe('local shell session', () => {
  it('echoes typed input, records both directions and the exit code', async () => {
    const core = new Core({
      dataDir: tempDir(),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
    })
    core.start()
    const info = core.sessions.openLocal({ cols: 100, rows: 30, incidentId: null })
    const viewer = collectingViewer()
    core.sessions.attach(viewer, info.id)
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, input('echo hello-$((6*7))\r')),
    )
    await until(() => viewer.text().includes('hello-42'))
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, input('exit 3\r')),
    )
    await until(() => core.sessions.list()[0]?.state === 'closed')
    expect(core.sessions.list()[0]?.exitCode).toBe(3)
    const db = core.data.require().db
    const rows = db
      .prepare('SELECT direction, data FROM transcript_chunks WHERE session_id = ? ORDER BY id')
      .all(info.id) as { direction: string; data: Buffer }[]
    const out = Buffer.concat(rows.filter((r) => r.direction === 'o').map((r) => r.data)).toString()
    const typed = Buffer.concat(
      rows.filter((r) => r.direction === 'i').map((r) => r.data),
    ).toString()
    expect(out).toContain('hello-42')
    expect(typed).toBe('echo hello-$((6*7))\rexit 3\r')
    const row = db
      .prepare('SELECT exit_code, ended_at FROM sessions WHERE id = ?')
      .get(info.id) as {
      exit_code: number
      ended_at: number
    }
    expect(row.exit_code).toBe(3)
    expect(row.ended_at).toBeGreaterThan(0)
    core.close()
  })

  it('a viewer that stops acking pauses the flood; the transcript still gets everything sent', async () => {
    const core = new Core({
      dataDir: tempDir(),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
    })
    core.start()
    const info = core.sessions.openLocal({ cols: 80, rows: 24, incidentId: null })
    const viewer = collectingViewer()
    core.sessions.attach(viewer, info.id)
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, input('yes flood-line\r')),
    )
    await until(() => viewer.bytes() > 100_000)
    // Without acks the pty is paused at ~100 KB unacked (unpaused, `yes` writes ~20 MB/s);
    // within the 5 s bound almost nothing more comes.
    await new Promise((r) => setTimeout(r, 200))
    const stalled = viewer.bytes()
    await new Promise((r) => setTimeout(r, 1000))
    expect(viewer.bytes() - stalled).toBeLessThan(64 * 1024)
    // Acks release it, and Ctrl-C reaches the shell at once.
    routeIncomingFrame(core.sessions, viewer, encodeAck(info.channel, viewer.bytes()))
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, input('\x03')),
    )
    const drain = setInterval(
      () => routeIncomingFrame(core.sessions, viewer, encodeAck(info.channel, 1 << 30)),
      10,
    )
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, input('echo after-$((1+1))\r')),
    )
    await until(() => viewer.text().includes('after-2'))
    clearInterval(drain)
    core.sessions.closeAll() // flushes the recorder
    const recorded = core.data
      .require()
      .db.prepare(
        "SELECT sum(length(data)) AS n FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
      )
      .get(info.id) as { n: number }
    expect(recorded.n).toBeGreaterThanOrEqual(viewer.bytes())
    core.close()
  })
})
