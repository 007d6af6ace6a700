// The incidents table's rows. The incident lifecycle lives in core/incidents; this module only
// creates and reads the projection rows the timeline hangs off.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface IncidentRowDraft {
  id?: string
  title: string
  severity: string
  status?: string
  at: number
  data?: Record<string, unknown>
}

export function createIncidentRow(db: Database.Database, d: IncidentRowDraft): string {
  const id = d.id ?? randomUUID()
  db.prepare(
    `INSERT INTO incidents (id, title, severity, status, created_at, updated_at, data)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, d.title, d.severity, d.status ?? 'declared', d.at, d.at, JSON.stringify(d.data ?? {}))
  return id
}
