// Sessions cut by a crash are closed at the next start, with the reason: a real Core in a child
// process with running local shells is SIGKILLed (its rows stay open, as after any crash), then
// a fresh Core opens the same data folder. Recordings no longer say "still open"; the incident's
// session gets a session.closed event naming the reason; a session that had closed normally and
// one opened for no incident are treated as they should be; a second start changes nothing.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { CRASH_REASON } from '../../../src/main/core/sessions/crashSweep'
import { DataDir } from '../../../src/main/core/store/store'
import type { RecordingInfo } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'

const worker = join(import.meta.dirname, 'cutSessionWorker.ts')

interface Cut {
  incidentId: string
  cut: string
  loose: string
  ended: string
}

/** Runs the worker until its sessions are recorded, then SIGKILLs it. */
function runAndKill(dataDir: string): Promise<Cut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir], {
      // Inherits the run's hermetic environment (SITREP_SHELL: bash without rc files).
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let ready: Cut | null = null
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^ready (\S+) (\S+) (\S+) (\S+)$/m.exec(out)
      if (m && !ready) {
        ready = { incidentId: m[1] ?? '', cut: m[2] ?? '', loose: m[3] ?? '', ended: m[4] ?? '' }
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

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

interface Row {
  id: string
  ended_at: number | null
  exit_code: number | null
  end_reason: string | null
  started_at: number
}

describe('faults: sessions cut by a SIGKILL', () => {
  it('are closed with the reason at the next start, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-cut-'))
    dirs.push(dataDir)
    const run = await runAndKill(dataDir)

    // As the kill left it: both running sessions' rows are open.
    const raw = new DataDir(dataDir)
    expect(raw.open().state).toBe('ready')
    const before = raw.require().db.prepare('SELECT id, ended_at FROM sessions').all() as Row[]
    expect(
      before
        .filter((r) => r.ended_at === null)
        .map((r) => r.id)
        .sort(),
    ).toEqual([run.cut, run.loose].sort())
    raw.close()

    let core: Core = startTestCore({ dataDir })
    try {
      const db = core.data.require().db
      const rows = new Map(
        (
          db
            .prepare('SELECT id, ended_at, exit_code, end_reason, started_at FROM sessions')
            .all() as Row[]
        ).map((r) => [r.id, r]),
      )
      const lastChunkAt = (id: string): number =>
        (
          db
            .prepare(
              'SELECT at FROM transcript_chunks WHERE session_id = ? ORDER BY id DESC LIMIT 1',
            )
            .get(id) as { at: number }
        ).at
      for (const id of [run.cut, run.loose]) {
        // Ended when it was last heard from, with the reason; no exit code was ever seen.
        expect(rows.get(id)).toMatchObject({
          ended_at: lastChunkAt(id),
          exit_code: null,
          end_reason: 'crash',
        })
      }
      // The shell that exited by itself keeps its own close.
      expect(rows.get(run.ended)).toMatchObject({ exit_code: 3, end_reason: null })

      // Recordings, through the contract, as the renderer reads them.
      const reply = await dispatch(
        createHandlers(core),
        1,
        'sessions.recordings',
        { incidentId: null },
        { viewer: { id: 'w', sendFrame: () => undefined } },
      )
      if (!reply.ok) throw new Error(reply.error.message)
      const recordings = reply.result as RecordingInfo[]
      expect(recordings.filter((r) => r.endedAt === null)).toEqual([])
      expect(recordings.find((r) => r.sessionId === run.cut)).toMatchObject({
        endReason: 'crash',
      })
      expect(recordings.find((r) => r.sessionId === run.ended)).toMatchObject({
        endReason: null,
        exitCode: 3,
      })

      // The incident's timeline: the cut session closed with the reason, once; the normal
      // close untouched; the session opened for no incident writes nowhere.
      const events = core.data.require().timeline.list(run.incidentId, { limit: 100 })
      const closed = events.filter((e) => e.kind === 'session.closed')
      expect(closed.map((e) => e.payload.sessionId).sort()).toEqual([run.cut, run.ended].sort())
      expect(closed.find((e) => e.payload.sessionId === run.cut)?.payload).toMatchObject({
        error: CRASH_REASON,
        reason: 'crash',
        exitCode: null,
        lastRecordedAt: lastChunkAt(run.cut),
      })
      expect(events.some((e) => e.payload.sessionId === run.loose)).toBe(false)
      expect(core.data.require().timeline.verify(run.incidentId).intact).toBe(true)
      // Its output is searchable, as after a normal close.
      const found = core.incidents().incidents.list({ text: 'cut-marker-42' })
      expect(found.items.map((i) => i.id)).toEqual([run.incidentId])
    } finally {
      core.close()
    }

    // A second start finds nothing left to close and writes nothing.
    core = startTestCore({ dataDir })
    try {
      const closed = core.data
        .require()
        .timeline.list(run.incidentId, { limit: 100 })
        .filter((e) => e.kind === 'session.closed')
      expect(closed).toHaveLength(2)
    } finally {
      core.close()
    }
  }, 60_000)
})
