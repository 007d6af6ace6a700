// "Actions taken" for a status update, read from the timeline instead of typed again: runbook
// commands run (with where and how they ended), checklist steps ticked, and command lines
// broadcast to several panes. Progress updates list what happened since the previous update;
// declaration and recovery updates list the whole incident. Payloads are read defensively: the
// events may come from an older version or another laptop.
import type Database from 'better-sqlite3'
import type { Lang, StatusUpdateTemplate } from '../../../shared/incidents'

/** The timeline kinds that are things a responder did to the systems. */
export const actionKinds = ['command.ran', 'checklist.ticked', 'broadcast.line'] as const

/** A status update is read by people: a handful of lines, the newest kept. */
export const MAX_ACTIONS = 8

export interface ActionRow {
  kind: string
  payload: string
}

type Payload = Record<string, unknown>

const text = (p: Payload, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = p[k]
    if (typeof v === 'string' && v.trim()) return v.trim()
  }
  return null
}

/** First line of a command, shortened: a status update is not a transcript. */
function shortCommand(command: string): string {
  const first = command.split('\n')[0]?.trim() ?? ''
  const more = command.includes('\n') ? ' …' : ''
  return first.length > 80 ? `${first.slice(0, 77)}…` : `${first}${more}`
}

interface TargetOutcome {
  name: string
  exitCode: number | null
}

function outcomes(p: Payload): TargetOutcome[] {
  const targets = Array.isArray(p.targets) ? (p.targets as unknown[]) : []
  return targets.flatMap((t) => {
    if (!t || typeof t !== 'object') return []
    const o = t as Payload
    const name = text(o, 'name', 'target', 'title') ?? '?'
    const exitCode = typeof o.exitCode === 'number' ? o.exitCode : null
    return [{ name, exitCode }]
  })
}

function describeRun(p: Payload, lang: Lang): string | null {
  const what = text(p, 'name', 'stepText', 'step') ?? shortCommand(text(p, 'command') ?? '')
  if (!what) return null
  const ts = outcomes(p)
  const where = ts.map((t) => t.name).join(', ')
  const failed = ts.filter((t) => t.exitCode !== 0).map((t) => t.name)
  if (lang === 'ja') {
    const on = where ? `（${where}）` : ''
    const end = ts.length === 0 ? '' : failed.length ? `、失敗: ${failed.join(', ')}` : '、成功'
    return `実行: ${what}${on}${end}`
  }
  const on = where ? ` on ${where}` : ''
  const end = ts.length === 0 ? '' : failed.length ? ` — failed on ${failed.join(', ')}` : ' — ok'
  return `Ran ${what}${on}${end}`
}

/** Pane names listed in a broadcast line; more are counted, not named. */
const MAX_PANE_NAMES = 4

/**
 * The panes a broadcast line went to. `sessions.broadcastLine` stores `count`, `sessionIds` and
 * `sessions` (pane titles); events from older versions or other tools may carry only some of
 * these, or a `targets` list of names or `{name}` objects. The count is the largest any of them
 * gives, and 0 when none does (the line is then described without a number).
 */
function broadcastPanes(p: Payload): { count: number; names: string[] } {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [])
  const names = [...list(p.sessions), ...(Array.isArray(p.sessions) ? [] : list(p.targets))]
    .map((t) =>
      typeof t === 'string'
        ? t.trim()
        : t && typeof t === 'object'
          ? text(t as Payload, 'name', 'title')
          : null,
    )
    .filter((n): n is string => !!n)
  const stated =
    typeof p.count === 'number' && Number.isInteger(p.count) && p.count > 0 ? p.count : 0
  const count = Math.max(
    stated,
    list(p.sessionIds).length,
    list(p.sessions).length,
    list(p.targets).length,
  )
  return { count, names }
}

function describeBroadcast(p: Payload, lang: Lang): string | null {
  const line = text(p, 'text', 'line')
  if (!line) return null
  const { count, names } = broadcastPanes(p)
  const shown = names.slice(0, MAX_PANE_NAMES)
  const more = names.length - shown.length
  if (lang === 'ja') {
    const which = shown.length ? `: ${shown.join(', ')}${more > 0 ? ` ほか ${more} 台` : ''}` : ''
    return count > 0
      ? `一斉実行: ${shortCommand(line)}（${count} 台${which}）`
      : `一斉実行: ${shortCommand(line)}`
  }
  const which = shown.length ? ` (${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})` : ''
  if (count === 0) return `Ran ${shortCommand(line)} on several panes at once`
  return `Ran ${shortCommand(line)} on ${count} ${count === 1 ? 'pane' : 'panes'} at once${which}`
}

export function describeAction(row: ActionRow, lang: Lang): string | null {
  let p: Payload
  try {
    const parsed: unknown = JSON.parse(row.payload)
    if (!parsed || typeof parsed !== 'object') return null
    p = parsed as Payload
  } catch {
    return null
  }
  switch (row.kind) {
    case 'command.ran':
      return describeRun(p, lang)
    case 'checklist.ticked': {
      // A tick the runner made after a successful run repeats the run's line: skip it.
      if (p.auto === true) return null
      const step = text(p, 'stepText', 'step', 'text')
      if (!step) return null
      const comment = text(p, 'comment')
      if (lang === 'ja') return `完了: ${step}${comment ? `（${comment}）` : ''}`
      return `Done: ${step}${comment ? ` (${comment})` : ''}`
    }
    case 'broadcast.line':
      return describeBroadcast(p, lang)
    default:
      return null
  }
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
