// The transcript recorder: every byte back in order, one commit per interval or size cap rather
// than per chunk, made by a writer thread with its own connection (off the main thread), rows
// split at the row size so replay and export page in small steps, and a failed write keeps the
// bytes for the next flush.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import {
  TranscriptRecorder,
  WRITER_CHECKPOINTS,
  type RecorderOptions,
} from '../../../src/main/core/sessions/recorder'
import { DataDir } from '../../../src/main/core/store/store'
import { until } from '../../helpers/until'

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
  return { data, db, path, recorder }
}

const rows = (data: DataDir): { direction: string; data: Buffer }[] =>
  data.require().db.prepare('SELECT direction, data FROM transcript_chunks ORDER BY id').all() as {
    direction: string
    data: Buffer
  }[]

it('commits per size cap, not per chunk, in rows of at most about the row size', () => {
  const { data, recorder } = recorderOnStore({ maxBytes: 256 * 1024, rowBytes: 64 * 1024 })
  expect(recorder.threaded).toBe(true)
  const sent: number[] = []
  // 1 MB of output in 32 KB chunks (ssh2's packet size), with a line of input in the middle.
  for (let i = 0; i < 32; i++) {
    const chunk = Buffer.alloc(32 * 1024, 65 + (i % 26))
    recorder.record('s1', 'o', chunk)
    sent.push(...chunk)
    if (i === 10) recorder.record('s1', 'i', Buffer.from('uptime\r'))
  }
  recorder.close()
  expect(recorder.commits).toBe(4) // one per 256 KB; at one commit per 64 KB it was 16
  const stored = rows(data)
  for (const r of stored) expect(r.data.byteLength).toBeLessThanOrEqual(64 * 1024)
  const output = Buffer.concat(stored.filter((r) => r.direction === 'o').map((r) => r.data))
  expect(output.equals(Buffer.from(sent))).toBe(true)
  expect(stored.filter((r) => r.direction === 'i').map((r) => r.data.toString())).toEqual([
    'uptime\r',
  ])
  data.close()
})

it('copies each chunk as it comes and reuses a block only once its rows are committed', () => {
  // Hand-overs every 256 KB without waiting, so the writer lags while blocks fill and are
  // reused; the source reuses one buffer for every chunk (as a socket's reader may), and one
  // chunk is larger than a block.
  const { data, recorder } = recorderOnStore({ maxBytes: 256 * 1024, rowBytes: 64 * 1024 })
  const source = Buffer.alloc(48 * 1024)
  const sent: Buffer[] = []
  for (let i = 0; i < 200; i++) {
    source.fill(i % 251)
    source.writeUInt32BE(i, 0)
    recorder.record('s1', 'o', source)
    sent.push(Buffer.from(source))
    if (i === 100) {
      const big = Buffer.alloc(1536 * 1024, 7)
      recorder.record('s1', 'o', big)
      sent.push(big)
    }
  }
  recorder.close()
  expect(recorder.lastError).toBeNull()
  const output = Buffer.concat(rows(data).map((r) => r.data))
  expect(output.byteLength).toBe(200 * 48 * 1024 + 1536 * 1024)
  expect(output.equals(Buffer.concat(sent))).toBe(true)
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

it('commits in a thread of its own: the main connection never writes a transcript', () => {
  // The commits were most of what a terminal flood cost the main thread (bench sessions-16-panes
  // profile); its connection stays synchronous=FULL for the timeline.
  const { data, db, recorder } = recorderOnStore({ maxBytes: 1024 * 1024 })
  let mainCommits = 0
  const before = db.transaction.bind(db)
  db.transaction = ((fn: () => void) => {
    const tx = before(fn)
    return () => {
      mainCommits++
      return tx()
    }
  }) as typeof db.transaction
  recorder.record('s1', 'o', Buffer.from('some output\r\n'))
  recorder.flush()
  expect(recorder.commits).toBe(1)
  expect(mainCommits).toBe(0)
  expect(db.pragma('synchronous', { simple: true })).toBe(2)
  expect(rows(data).map((r) => r.data.toString())).toEqual(['some output\r\n'])
  recorder.close()
  data.close()
})

/** 64 KB rows of output, `mb` MB of them, recorded and handed to the writer at once. */
function recordMb(recorder: TranscriptRecorder, mb: number): void {
  for (let i = 0; i < mb * 16; i++) recorder.record('s1', 'o', Buffer.alloc(64 * 1024, i % 251))
  recorder.flush()
}

it('checkpoints in the writer once output is quiet, not inside the commits of a burst', async () => {
  // Automatic checkpoints in the writer's commits doubled its work during a flood (bench
  // sessions-ssh-recording). The main connection's is a safety net far above the writer's.
  const { data, db, path, recorder } = recorderOnStore({
    maxBytes: 64 * 1024 * 1024,
    checkpointQuietMs: 1500,
  })
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CHECKPOINTS.mainPages)
  const empty = statSync(path).size
  // 6 MB in one commit: past SQLite's automatic checkpoint (1000 pages, 4 MB), under the bound.
  recordMb(recorder, 6)
  expect(recorder.commits).toBe(1)
  expect(recorder.checkpoints).toBe(0)
  expect(statSync(path).size - empty).toBeLessThan(1024 * 1024) // in the WAL only
  await until(() => recorder.checkpoints > 0, 'the quiet-time checkpoint', 5000)
  expect(statSync(path).size - empty).toBeGreaterThan(6 * 1024 * 1024)
  recorder.close()
  // Without the thread, SQLite's own automatic checkpoint is the main connection's again.
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  expect(Buffer.concat(rows(data).map((r) => r.data)).byteLength).toBe(6 * 1024 * 1024)
  data.close()
})

it('checkpoints during a flood that does not stop once its commits reach the bound', async () => {
  const { data, path, recorder } = recorderOnStore({
    maxBytes: 64 * 1024 * 1024,
    checkpointQuietMs: 60_000,
  })
  const empty = statSync(path).size
  const bound = WRITER_CHECKPOINTS.boundBytes / (1024 * 1024)
  for (let mb = 0; mb + 4 < bound; mb += 4) recordMb(recorder, 4)
  expect(recorder.checkpoints).toBe(0)
  recordMb(recorder, 4) // crosses the bound
  await until(() => recorder.checkpoints > 0, 'the checkpoint at the bound', 5000)
  expect(statSync(path).size - empty).toBeGreaterThan(bound * 1024 * 1024)
  recorder.close()
  data.close()
})

it('writes what the thread had not committed on the main thread if the thread dies', async () => {
  const { data, recorder } = recorderOnStore({ maxBytes: 1024 * 1024 })
  recorder.record('s1', 'o', Buffer.from('committed, '))
  recorder.flush()
  const writer = (recorder as unknown as { writer: { worker: { terminate(): Promise<number> } } })
    .writer
  await writer.worker.terminate()
  await new Promise((r) => setTimeout(r, 50)) // the 'exit' event
  expect(recorder.threaded).toBe(false)
  expect(data.require().db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  recorder.record('s1', 'o', Buffer.from('then written here'))
  recorder.close()
  expect(recorder.lastError).toBeNull()
  expect(Buffer.concat(rows(data).map((r) => r.data)).toString()).toBe(
    'committed, then written here',
  )
  data.close()
})

it('writes on the main connection when the thread cannot open the file by its path', () => {
  // The folder was removed (or the file renamed) under the open database: this connection still
  // holds it, the thread cannot open it. Nothing may stay only in memory.
  const { data, recorder } = recorderOnStore({ maxBytes: 1024 * 1024 })
  rmSync(dir as string, { recursive: true, force: true })
  recorder.record('s1', 'o', Buffer.from('not lost'))
  recorder.flush()
  expect(recorder.threaded).toBe(false)
  recorder.record('s1', 'o', Buffer.from(', nor this'))
  recorder.flush()
  expect(recorder.lastError).toBeNull()
  expect(Buffer.concat(rows(data).map((r) => r.data)).toString()).toBe('not lost, nor this')
  recorder.close()
  data.close()
})

it('without a thread (in-memory database) commits without an fsync, then is FULL again', () => {
  const mem = new Database(':memory:')
  mem.exec(
    'CREATE TABLE transcript_chunks (id INTEGER PRIMARY KEY, session_id TEXT, at INTEGER, direction TEXT, data BLOB)',
  )
  mem.pragma('synchronous = FULL')
  const recorder = new TranscriptRecorder(mem, ':memory:', { intervalMs: 60_000, maxBytes: 1024 })
  expect(recorder.threaded).toBe(false)
  const seen: number[] = []
  const before = mem.transaction.bind(mem)
  mem.transaction = ((fn: () => void) => {
    const tx = before(fn)
    return () => {
      seen.push(mem.pragma('synchronous', { simple: true }) as number)
      return tx()
    }
  }) as typeof mem.transaction
  recorder.record('s1', 'o', Buffer.from('some output\r\n'))
  recorder.flush()
  expect(seen).toEqual([1]) // NORMAL inside the transcript's commit
  expect(mem.pragma('synchronous', { simple: true })).toBe(2) // FULL again afterwards
  recorder.close()
  mem.close()
})
