// The incident list: filters, open incidents first, paging, and full-text search with snippets.
// Reads only the projection rows (and the search index), never the timelines, so it stays fast
// over thousands of past incidents.
import type Database from 'better-sqlite3'
import { matchingIncidentsSql, parseSearch, snippetsFor } from './search'
import { indexPending, pendingEvents } from '../store/searchIndex'
import { isIncidentStatus } from './lifecycle'
import type { IncidentPage, IncidentStatus, IncidentSummary } from '../../../shared/incidents'

export interface ListQuery {
  severity?: string[] | undefined
  status?: IncidentStatus[] | undefined
  /** Exact service name, any case. */
  service?: string | undefined
  /** Declared at or after (UTC ms). */
  from?: number | undefined
  /** Declared at or before (UTC ms). */
  to?: number | undefined
  /** Full-text search; results then carry snippets and rank by relevance. */
  text?: string | undefined
  /** Open incidents before resolved and closed ones (the default). */
  openFirst?: boolean | undefined
  limit?: number | undefined
  offset?: number | undefined
}

export const DEFAULT_PAGE = 50
export const MAX_PAGE = 500
/**
 * What a search spends indexing pending events before it reads the index: a note typed a moment
 * ago is found at once (the idle indexer waits ~100 ms to batch), while a backlog of thousands
 * (after an import, or a killed run) is reported as "indexing N newer events" instead of holding
 * the search up.
 */
export const SEARCH_CATCH_UP_MS = 30

interface SummaryRow {
  id: string
  title: string
  severity: string
  status: string
  created_at: number
  updated_at: number
  services: string | null
  commander: string | null
  resolved_at: number | null
  total: number
}

function parseServices(json: string | null): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]')
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

export function listIncidents(db: Database.Database, q: ListQuery): IncidentPage {
  const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_PAGE)), MAX_PAGE)
  const offset = Math.max(0, Math.floor(q.offset ?? 0))
  const search = q.text ? parseSearch(q.text) : null
  const params: Record<string, string | number> = { limit, offset }
  const where: string[] = []
  let cte = ''
  let join = ''
  let indexing = 0
  if (search) {
    try {
      indexing = indexPending(db, SEARCH_CATCH_UP_MS)
    } catch {
      // A full disk: the search still reads what is indexed. The count comes from the mark,
      // which did not move, so the page still says how many events it cannot see yet.
      indexing = -1
    }
    const m = matchingIncidentsSql(search)
    cte = `WITH m AS (${m.sql}) `
    join = 'JOIN m ON m.id = i.id'
    Object.assign(params, m.params)
  }
  if (q.severity?.length) {
    where.push('i.severity IN (SELECT value FROM json_each(@severity))')
    params.severity = JSON.stringify(q.severity)
  }
  if (q.status?.length) {
    where.push('i.status IN (SELECT value FROM json_each(@status))')
    params.status = JSON.stringify(q.status)
  }
  if (q.service?.trim()) {
    where.push(
      'EXISTS (SELECT 1 FROM incident_services s WHERE s.service = @service AND s.incident_id = i.id)',
    )
    params.service = q.service.trim()
  }
  if (q.from !== undefined) {
    where.push('i.created_at >= @from')
    params.from = q.from
  }
  if (q.to !== undefined) {
    where.push('i.created_at <= @to')
    params.to = q.to
  }
  const order = [
    q.openFirst === false ? null : "(i.status IN ('resolved', 'closed'))",
    search ? 'm.score' : null,
    'i.created_at DESC',
    'i.id',
  ].filter(Boolean)
  const sql = `${cte}SELECT i.id, i.title, i.severity, i.status, i.created_at, i.updated_at,
      json_extract(i.data, '$.services') AS services,
      json_extract(i.data, '$.roles.commander') AS commander,
      json_extract(i.data, '$.resolvedAt') AS resolved_at,
      count(*) OVER () AS total
    FROM incidents i ${join}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order.join(', ')}
    LIMIT @limit OFFSET @offset`
  const rows = db.prepare(sql).all(params) as SummaryRow[]
  let total = rows[0]?.total ?? 0
  if (rows.length === 0 && offset > 0) {
    // Past the last page the window count is lost with the rows; count without paging.
    const countSql = `${cte}SELECT count(*) AS n FROM incidents i ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`
    const { limit: _l, offset: _o, ...countParams } = params
    total = (db.prepare(countSql).get(countParams) as { n: number }).n
  }
  const items: IncidentSummary[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: isIncidentStatus(r.status) ? r.status : 'declared',
    services: parseServices(r.services),
    commander: r.commander,
    declaredAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
  }))
  if (search) {
    const snippets = snippetsFor(
      db,
      search,
      items.map((i) => i.id),
    )
    for (const item of items) item.matches = snippets.get(item.id) ?? []
  }
  if (indexing < 0) indexing = pendingEvents(db)
  return indexing > 0 ? { items, total, indexing } : { items, total }
}
