// SIGKILL in the middle of heavy writes loses nothing that was reported as written.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

const worker = join(import.meta.dirname, 'appendWorker.ts')

function runAndKill(dir: string, incident: string | null, killAfterMs: number) {
  return new Promise<{ incident: string; reported: number[] }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', worker, dir, ...(incident ? [incident] : [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    let timer: ReturnType<typeof setTimeout> | null = null
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      // Start the clock once the worker is really writing.
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer)
      if (signal !== 'SIGKILL') return reject(new Error(`worker exited by itself: ${err}`))
      // The last line may be cut mid-write by the kill: only complete lines count as reported.
      const lines = out.split('\n').slice(0, -1)
      const inc = incident ?? lines.find((l) => l.startsWith('incident '))?.slice(9)
      if (!inc) return reject(new Error(`no incident reported: ${err}`))
      resolve({ incident: inc, reported: lines.filter((l) => /^\d+$/.test(l)).map(Number) })
    })
  })
}

describe('crash safety', () => {
  it('loses no reported event across repeated SIGKILLs, and the file stays intact', async () => {
    const dir = tempDir()
    let incident: string | null = null
    const kills = 6
    let reportedTotal = 0
    for (let round = 0; round < kills; round++) {
      const run = await runAndKill(dir, incident, 150 + Math.floor(Math.random() * 600))
      incident = run.incident
      reportedTotal += run.reported.length
      const data = new DataDir(dir)
      const status = data.open()
      expect(status.state).toBe('ready')
      const store = data.require()
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
      const maxSeq = (
        store.db
          .prepare('SELECT max(seq) AS m FROM timeline_events WHERE incident_id = ?')
          .get(incident) as { m: number }
      ).m
      const lost = run.reported.filter((seq) => seq > maxSeq)
      expect(lost).toEqual([])
      expect(store.timeline.verify(incident)).toMatchObject({ intact: true })
      data.close()
    }
    expect(reportedTotal).toBeGreaterThan(kills * 10)
  }, 120_000)
})
