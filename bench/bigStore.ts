// Builds a Sitrep data folder of a given size for the store-open benchmark: one incident whose
// timeline the page paints (the same in every size, so first paint shows the same rows), other
// incidents' events, and terminal transcripts of ended sessions making up the rest of the bytes,
// as in a laptop that has recorded many incidents. Written through the store for the events (hash
// chain, search index) and with bulk INSERTs for the transcripts (64 KB chunks, as the recorder
// writes them at most).
import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createIncidentRow } from '../src/main/core/store/incidentRows'
import { indexPending } from '../src/main/core/store/searchIndex'
import { DataDir } from '../src/main/core/store/store'

/** Events of the incident the page opens on: its newest one is what "first paint" waits for. */
export const PAINTED_EVENTS = 2_000
const CHUNK = 64 * 1024
const CHUNKS_PER_TX = 256

export interface BigStore {
  incidentId: string
  bytes: number
}

/** Fills `dataDir` until its database file is about `targetBytes` (at least the base content). */
export function buildStore(dataDir: string, targetBytes: number): BigStore {
  const dir = new DataDir(dataDir)
  const status = dir.open()
  if (status.state !== 'ready') throw new Error(status.message)
  const store = dir.require()
  const db = store.db
  // Bulk loading: the figures are about opening the file, not about how it was written.
  db.pragma('synchronous = OFF')
  const now = Date.now() - 86_400_000
  // Older incidents first, so the painted one is the newest.
  const older = Math.min(50, Math.floor(targetBytes / 20e6))
  for (let k = 0; k < older; k++) {
    const id = createIncidentRow(db, { title: `past incident ${k}`, severity: 'P3', at: now + k })
    store.timeline.appendMany(
      id,
      Array.from({ length: 2_000 }, (_, i) => ({
        kind: 'note',
        at: now + k * 10_000 + i,
        actor: 'bench',
        payload: { text: `past ${k} note ${i} — 調査メモ ${'y'.repeat(80)}` },
      })),
    )
  }
  const incidentId = createIncidentRow(db, { title: 'big store', severity: 'P2', at: now + 1e6 })
  for (let start = 0; start < PAINTED_EVENTS; start += 1_000) {
    store.timeline.appendMany(
      incidentId,
      Array.from({ length: 1_000 }, (_, i) => ({
        kind: 'note',
        at: now + 1e6 + start + i,
        actor: 'bench',
        payload: { text: `note ${start + i} — 調査メモ ${'x'.repeat(60)}` },
      })),
    )
  }
  indexPending(db, Number.POSITIVE_INFINITY)
  const session = db.prepare(
    `INSERT INTO sessions (id, incident_id, kind, title, cols, rows, started_at, ended_at, exit_code)
     VALUES (?, ?, 'local', 'bash', 120, 40, ?, ?, 0)`,
  )
  const chunk = db.prepare(
    "INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, 'o', ?)",
  )
  const data = randomBytes(CHUNK)
  let n = 0
  const fill = db.transaction((sessionId: string) => {
    for (let i = 0; i < CHUNKS_PER_TX; i++) chunk.run(sessionId, now + n++, data)
  })
  const path = store.path
  const size = (): number => statSync(path).size + walSize(path)
  for (let s = 0; size() < targetBytes; s++) {
    const sessionId = `bench-session-${s}`
    // Ended sessions: the start's crash sweep has nothing to close or reindex.
    session.run(sessionId, incidentId, now, now + 1)
    fill(sessionId)
    if (s % 8 === 7) db.pragma('wal_checkpoint(TRUNCATE)')
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  dir.close()
  return { incidentId, bytes: statSync(path).size }
}

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
}

export const databasePath = (dataDir: string): string => join(dataDir, 'sitrep.db')
