// "Actions taken" for a status update, read from the timeline instead of typed again: runbook
// commands run (with where and how they ended), checklist steps ticked, and command lines
// broadcast to several panes. Progress updates list what happened since the previous update;
// declaration and recovery updates list the whole incident. Payloads are read defensively: the
// events may come from an older version or another laptop.
import type Database from 'better-sqlite3'
import type { JsonObject, TimelineEvent } from '../../../shared/contract'
import { describeEvent, eventLine } from '../../../shared/eventText'
import type { Lang, StatusUpdateTemplate } from '../../../shared/incidents'

/** The timeline kinds that are things a responder did to the systems. */
export const actionKinds = ['command.ran', 'checklist.ticked', 'broadcast.line'] as const

/** A status update is read by people: a handful of lines, the newest kept. */
export const MAX_ACTIONS = 8

export interface ActionRow {
  kind: string
  payload: string
}

/**
 * One line for a status update: the same words the timeline and the exports use
 * (src/shared/eventText.ts). A tick the runner made after a successful run repeats the run's
 * line and is skipped, as are unreadable payloads.
 */
export function describeAction(row: ActionRow, lang: Lang): string | null {
  let payload: JsonObject
  try {
    const parsed: unknown = JSON.parse(row.payload)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null
    payload = parsed as JsonObject
  } catch {
    return null
  }
  if (row.kind === 'checklist.ticked' && payload.auto === true) return null
  const event: TimelineEvent = {
    uid: '',
    incidentId: '',
    seq: 0,
    at: 0,
    recordedAt: 0,
    tz: 'UTC',
    kind: row.kind,
    actor: null,
    payload,
    amends: null,
    prevHash: '',
    hash: '',
  }
  const d = describeEvent(event, { lang })
  if (!d.summary.trim() || d.summary.trim() === '?') return null
  return eventLine(event, { lang })
}

/** The actions to list in a status update of this template, oldest first. */
export function actionsTaken(
  db: Database.Database,
  incidentId: string,
  template: StatusUpdateTemplate,
  lastStatusUpdateAt: number | null,
  lang: Lang,
): string[] {
  const since = template === 'progress' ? (lastStatusUpdateAt ?? 0) : 0
  const rows = db
    .prepare(
      `SELECT kind, payload FROM timeline_events
       WHERE incident_id = ? AND at > ? AND kind IN (${actionKinds.map(() => '?').join(', ')})
       ORDER BY seq DESC LIMIT ?`,
    )
    // Over-fetch: auto ticks and unreadable payloads are dropped after reading.
    .all(incidentId, since, ...actionKinds, MAX_ACTIONS * 3) as ActionRow[]
  const lines: string[] = []
  for (const row of rows) {
    const line = describeAction(row, lang)
    if (line && !lines.includes(line)) lines.push(line)
    if (lines.length === MAX_ACTIONS) break
  }
  return lines.reverse()
}
