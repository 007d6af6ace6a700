// The transcript recorder: every byte back in order, one commit per interval or size cap rather
// than per chunk (each commit is an fsync on the main process), rows split at the row size so
// replay and export page in small steps, and a failed write keeps the bytes for the next flush.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { TranscriptRecorder, type RecorderOptions } from '../../../src/main/core/sessions/recorder'
import { DataDir } from '../../../src/main/core/store/store'

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

function openStore(): DataDir {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-recorder-'))
  const data = new DataDir(dir)
  data.open()
  data
    .require()
    .db.prepare(
      `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at)
       VALUES ('s1', NULL, NULL, 'local', 'local: bash', 100, 30, 1000)`,
    )
    .run()
  return data
}

/** A recorder on a fresh store, flushed only by size or by hand (its timer never fires here). */
function recorderOnStore(opts: Omit<RecorderOptions, 'intervalMs'>) {
  const data = openStore()
  const { db, path } = data.require()
  const recorder = new TranscriptRecorder(db, path, { intervalMs: 60_000, ...opts })
  return { data, db, recorder }
}

const rows = (data: DataDir): { direction: string; data: Buffer }[] =>
  data.require().db.prepare('SELECT direction, data FROM transcript_chunks ORDER BY id').all() as {
    direction: string
    data: Buffer
  }[]

it('commits per size cap, not per chunk, in rows of at most about the row size', () => {
  const { data, db, recorder } = recorderOnStore({ maxBytes: 256 * 1024, rowBytes: 64 * 1024 })
  let commits = 0
  const before = db.transaction.bind(db)
  db.transaction = ((fn: () => void) => {
    const tx = before(fn)
    return () => {
      commits++
      return tx()
    }
  }) as typeof db.transaction
  const sent: number[] = []
  // 1 MB of output in 32 KB chunks (ssh2's packet size), with a line of input in the middle.
  for (let i = 0; i < 32; i++) {
    const chunk = Buffer.alloc(32 * 1024, 65 + (i % 26))
    recorder.record('s1', 'o', chunk)
    sent.push(...chunk)
    if (i === 10) recorder.record('s1', 'i', Buffer.from('uptime\r'))
  }
  recorder.close()
  expect(commits).toBe(4) // one per 256 KB; at one commit per 64 KB it was 16
  const stored = rows(data)
  for (const r of stored) expect(r.data.byteLength).toBeLessThanOrEqual(64 * 1024)
  const output = Buffer.concat(stored.filter((r) => r.direction === 'o').map((r) => r.data))
  expect(output.equals(Buffer.from(sent))).toBe(true)
  expect(stored.filter((r) => r.direction === 'i').map((r) => r.data.toString())).toEqual([
    'uptime\r',
  ])
  data.close()
})

it('keeps the bytes of a failed write and writes them with the next flush', () => {
  const { data, db, recorder } = recorderOnStore({ maxBytes: 1024 * 1024 })
  recorder.record('s1', 'o', Buffer.from('before the disk filled\r\n'))
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON transcript_chunks
           BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
  recorder.flush()
  expect(recorder.lastError?.message).toMatch(/full/)
  expect(rows(data)).toEqual([])
  recorder.record('s1', 'o', Buffer.from('and after'))
  db.exec('DROP TRIGGER refuse')
  recorder.close()
  expect(recorder.lastError).toBeNull()
  expect(Buffer.concat(rows(data).map((r) => r.data)).toString()).toBe(
    'before the disk filled\r\nand after',
  )
  data.close()
})

it('commits transcripts without an fsync and leaves the connection durable for everything else', () => {
  // The fsync per commit was most of what recording cost the main thread (bench sessions-ssh);
  // a SIGKILL loses nothing committed either way, and timeline appends must stay FULL.
  const { data, db, recorder } = recorderOnStore({ maxBytes: 1024 * 1024 })
  const seen: number[] = []
  const before = db.transaction.bind(db)
  db.transaction = ((fn: () => void) => {
    const tx = before(fn)
    return () => {
      seen.push(db.pragma('synchronous', { simple: true }) as number)
      return tx()
    }
  }) as typeof db.transaction
  recorder.record('s1', 'o', Buffer.from('some output\r\n'))
  recorder.flush()
  expect(seen).toEqual([1]) // NORMAL inside the transcript's commit
  expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL again afterwards
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON transcript_chunks
           BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
  recorder.record('s1', 'o', Buffer.from('more'))
  recorder.flush()
  expect(recorder.lastError).not.toBeNull()
  expect(db.pragma('synchronous', { simple: true })).toBe(2) // and after a failed one too
  db.exec('DROP TRIGGER refuse')
  recorder.close()
  data.close()
})
