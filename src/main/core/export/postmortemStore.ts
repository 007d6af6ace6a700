// The responder's postmortem edits (migration 5): one row per incident with the sections as
// JSON. Reading validates, so a row from a newer or hand-edited file falls back to the draft.
import type Database from 'better-sqlite3'
import { postmortemFieldsSchema, type PostmortemFields } from '../../../shared/contract'
import type { Lang } from '../../../shared/incidents'
import { guardWrite } from '../store/writeGuard'

export interface SavedPostmortem {
  lang: Lang
  fields: PostmortemFields
  updatedAt: number
  updatedBy: string | null
}

interface Row {
  lang: string
  fields: string
  updated_at: number
  updated_by: string | null
}

export class PostmortemStore {
  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {}

  get(incidentId: string): SavedPostmortem | null {
    const row = this.db
      .prepare('SELECT lang, fields, updated_at, updated_by FROM postmortems WHERE incident_id = ?')
      .get(incidentId) as Row | undefined
    if (!row) return null
    let parsed: unknown
    try {
      parsed = JSON.parse(row.fields)
    } catch {
      return null
    }
    const fields = postmortemFieldsSchema.safeParse(parsed)
    if (!fields.success || (row.lang !== 'en' && row.lang !== 'ja')) return null
    return {
      lang: row.lang,
      fields: fields.data,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  }

  save(incidentId: string, p: SavedPostmortem): void {
    guardWrite(this.path, () => this.put(incidentId, p))
  }

  /** Inside a caller's transaction (import). */
  put(incidentId: string, p: SavedPostmortem): void {
    this.db
      .prepare(
        `INSERT INTO postmortems (incident_id, lang, fields, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (incident_id) DO UPDATE SET lang = excluded.lang, fields = excluded.fields,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(incidentId, p.lang, JSON.stringify(p.fields), p.updatedAt, p.updatedBy)
  }
}
