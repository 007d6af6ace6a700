// What importing a bundle writes, shared by recreating an incident (importBundle.ts) and merging
// into one this laptop has (merge.ts): the bundle's events as timeline events, its sessions and
// transcripts as rows, and what both need from the open database.
import type Database from 'better-sqlite3'
import type { TimelineEvent } from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import type { Timeline } from '../store/timeline'
import type { Bundle, BundleSession } from './bundle'
import type { PostmortemStore } from './postmortemStore'

/** The bundle's events as timeline events of its incident. */
export function bundleEvents(b: Bundle): TimelineEvent[] {
  return b.events.map((e) => ({
    uid: e.uid,
    incidentId: b.incident.id,
    seq: e.seq,
    at: e.at,
    recordedAt: e.recordedAt,
    tz: e.tz,
    kind: e.kind,
    actor: e.actor,
    payload: e.payload as TimelineEvent['payload'],
    amends: e.amends,
    prevHash: e.prevHash,
    hash: e.hash,
    ...(e.hashVersion === undefined ? {} : { hashVersion: e.hashVersion }),
  }))
}

export interface ImportDeps {
  db: Database.Database
  path: string
  timeline: Timeline
  postmortems: PostmortemStore
  now(): number
  /** The incident as this laptop has it, or null. */
  existing(id: string): Incident | null
}

export function insertSessions(
  db: Database.Database,
  incidentId: string,
  sessions: BundleSession[],
): number {
  const has = db.prepare('SELECT 1 FROM sessions WHERE id = ?')
  const addSession = db.prepare(
    `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const addChunk = db.prepare(
    'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
  )
  let added = 0
  for (const s of sessions) {
    if (has.get(s.id)) continue
    addSession.run(
      s.id,
      incidentId,
      s.kind,
      s.title,
      s.cols,
      s.rows,
      s.startedAt,
      s.endedAt,
      s.exitCode,
    )
    for (const [at, dir, data] of s.chunks) addChunk.run(s.id, at, dir, Buffer.from(data, 'base64'))
    added++
  }
  return added
}
