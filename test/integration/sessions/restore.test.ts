// Sessions open when Sitrep was killed are reopened at the next start: a real Core in a child
// process with an SSH session (real sshd), an SSH session the responder closed and a local
// shell is SIGKILLed; a new Core on the same data folder reopens the SSH session only, as a new
// session that names the one it replaces and what was lost, connected to the same host and
// answering commands. The cut rows are closed by the crash sweep; a second start reopens
// nothing again.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { decodeFrame, encodeFrame, FrameKind } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { tempDir } from '../../helpers/tempDir'
import { until } from '../../helpers/until'

const worker = new URL('./restoreWorker.ts', import.meta.url).pathname
const missing = requireBinary('sshd', '/usr/sbin/sshd')

interface Run {
  incidentId: string
  targetId: string
  ssh: string
  closed: string
  local: string
}

function runAndKill(dataDir: string, sshd: Sshd): Promise<Run> {
  const spec = JSON.stringify({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    key: sshd.clientKeyPath,
  })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir, spec], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let ready: Run | null = null
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 40_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^ready (\S+) (\S+) (\S+) (\S+) (\S+)$/m.exec(out)
      if (m && !ready) {
        const [, incidentId = '', targetId = '', ssh = '', closed = '', local = ''] = m
        ready = { incidentId, targetId, ssh, closed, local }
        child.kill('SIGKILL')
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (_code, signal) => {
      clearTimeout(giveUp)
      if (signal !== 'SIGKILL' || !ready) return reject(new Error(`worker: ${signal} ${err}`))
      resolve(ready)
    })
  })
}

describe.skipIf(missing)('sessions restored after a SIGKILL (real sshd)', () => {
  let sshd: Sshd
  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    await sshd?.stop()
  })

  it('reopens the SSH session that was open, and only it, once', async () => {
    const dataDir = tempDir()
    const run = await runAndKill(dataDir, sshd)
    const beforeStart = Date.now()
    // No host key answer here: the key the responder trusted is in the data folder.
    let core: Core = startTestCore({ dataDir })
    try {
      const sessions = core.sessions.list()
      expect(sessions).toHaveLength(1)
      const restored = sessions[0]
      if (!restored) throw new Error('nothing restored')
      expect(restored).toMatchObject({
        kind: 'ssh',
        targetId: run.targetId,
        incidentId: run.incidentId,
        cols: 100,
        rows: 30,
        restoredFrom: { sessionId: run.ssh },
      })
      expect(restored.id).not.toBe(run.ssh)
      const db = core.data.require().db
      const lastChunk = db
        .prepare('SELECT at FROM transcript_chunks WHERE session_id = ? ORDER BY id DESC LIMIT 1')
        .get(run.ssh) as { at: number }
      expect(restored.restoredFrom?.lastRecordedAt).toBe(lastChunk.at)
      expect(restored.restoredFrom?.restartedAt).toBeGreaterThanOrEqual(beforeStart)

      // It connects by itself and answers commands.
      await until(() => core.sessions.get(restored.id).info.state === 'connected', 'connected')
      let out = ''
      const viewer = {
        id: 'page',
        sendFrame: (f: Uint8Array) => {
          const frame = decodeFrame(f)
          if (frame?.kind === FrameKind.Output) out += new TextDecoder().decode(frame.payload)
        },
      }
      core.sessions.attach(viewer, restored.id)
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(
          FrameKind.Input,
          restored.channel,
          new TextEncoder().encode('echo back-$((6*7))\r'),
        ),
      )
      await until(() => out.includes('back-42'), 'the restored shell to answer')

      // The rows: the cut one closed by the crash sweep, the new one naming it (so the cut one
      // is never reopened again) and itself reopenable.
      const row = (id: string) =>
        db
          .prepare('SELECT ended_at, end_reason, reopen, restored_from FROM sessions WHERE id = ?')
          .get(id) as Record<string, unknown>
      expect(row(run.ssh)).toMatchObject({ ended_at: lastChunk.at, end_reason: 'crash' })
      expect(row(restored.id)).toMatchObject({
        ended_at: null,
        reopen: '{"kind":"ssh"}',
        restored_from: run.ssh,
      })
      // The local shell is not reopened (its process died); the closed one stays closed.
      expect(row(run.local)).toMatchObject({ reopen: '{"kind":"local"}', end_reason: 'crash' })
      // ...and the page is told, to say so in its pane.
      expect(core.lostSessions()).toEqual([
        {
          sessionId: run.local,
          kind: 'local',
          title: expect.stringMatching(/^local: /) as string,
          incidentId: run.incidentId,
          lastRecordedAt: expect.any(Number) as number,
          restartedAt: restored.restoredFrom?.restartedAt,
        },
      ])
      expect(row(run.closed)).toMatchObject({ end_reason: null })
      expect(row(run.closed).ended_at).not.toBeNull()

      // The incident's timeline has the restored session opened, naming the one it replaces.
      const opened = core.data
        .require()
        .timeline.list(run.incidentId, { limit: 100 })
        .filter((e) => e.kind === 'session.opened')
      expect(opened.find((e) => e.payload.sessionId === restored.id)?.payload).toMatchObject({
        restoredFrom: run.ssh,
        lastRecordedAt: lastChunk.at,
        restartedAt: restored.restoredFrom?.restartedAt,
      })
    } finally {
      core.close()
    }

    // Closed normally this time: the next start reopens nothing.
    core = startTestCore({ dataDir })
    try {
      expect(core.sessions.list()).toEqual([])
      expect(core.lostSessions()).toEqual([])
    } finally {
      core.close()
    }
  }, 90_000)
})
