// Reading a recording back in pages: bounded by bytes (at least one chunk per page), in order,
// resumable from the last id, complete when joined — what the replay view relies on for a large
// transcript of a session that may still be open.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { listRecordings, readRecording } from '../../../src/main/core/sessions/recordings'
import { DataDir } from '../../../src/main/core/store/store'

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

function storeWithSession(chunks: { dir: 'o' | 'i' | 'r'; data: Buffer }[]): DataDir {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-recordings-'))
  const data = new DataDir(dir)
  data.open()
  const db = data.require().db
  db.prepare(
    `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at)
     VALUES ('s1', NULL, NULL, 'local', 'local: bash', 100, 30, 1000)`,
  ).run()
  const insert = db.prepare(
    'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
  )
  chunks.forEach((c, i) => insert.run('s1', 1000 + i * 10, c.dir, c.data))
  return data
}

it('pages a large transcript by bytes and joins back to every byte in order', () => {
  const chunks = Array.from({ length: 300 }, (_, i) => ({
    dir: (i % 50 === 7 ? 'r' : 'o') as 'o' | 'r',
    data: i % 50 === 7 ? Buffer.from('120x40') : Buffer.alloc(40_000, 65 + (i % 26)),
  }))
  const data = storeWithSession(chunks)
  const db = data.require().db
  const [info] = listRecordings(db, null, 10)
  expect(info).toMatchObject({ sessionId: 's1', endedAt: null, chunkCount: 300 })
  expect(info?.outputBytes).toBe(294 * 40_000)

  const got: Buffer[] = []
  let afterId = 0
  let pages = 0
  for (;;) {
    const page = readRecording(db, 's1', afterId, 1024 * 1024)
    pages++
    const bytes = page.chunks.reduce((n, c) => n + Buffer.from(c.data, 'base64').byteLength, 0)
    expect(bytes).toBeLessThanOrEqual(1024 * 1024)
    for (const c of page.chunks) got.push(Buffer.from(c.data, 'base64'))
    if (page.nextAfterId === null) break
    expect(page.nextAfterId).toBe(page.chunks[page.chunks.length - 1]?.id)
    afterId = page.nextAfterId
  }
  expect(pages).toBeGreaterThanOrEqual(12)
  expect(Buffer.concat(got).equals(Buffer.concat(chunks.map((c) => c.data)))).toBe(true)
  data.close()
})

it('moves forward even when one chunk is larger than a page', () => {
  const data = storeWithSession([
    { dir: 'o', data: Buffer.alloc(3 * 1024 * 1024, 66) },
    { dir: 'o', data: Buffer.from('tail') },
  ])
  const db = data.require().db
  const first = readRecording(db, 's1', 0, 1024 * 1024)
  expect(first.chunks).toHaveLength(1)
  expect(first.nextAfterId).not.toBeNull()
  const second = readRecording(db, 's1', first.nextAfterId ?? 0, 1024 * 1024)
  expect(second.chunks.map((c) => Buffer.from(c.data, 'base64').toString())).toEqual(['tail'])
  expect(second.nextAfterId).toBeNull()
  expect(() => readRecording(db, 'nope', 0, 1024)).toThrow(/was not found/)
  data.close()
})
