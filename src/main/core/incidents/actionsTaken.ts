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
    case 'broadcast.line': {
      const line = text(p, 'text', 'line')
      if (!line) return null
      const n = Array.isArray(p.targets) ? p.targets.length : 0
      return lang === 'ja'
        ? `一斉実行: ${shortCommand(line)}（${n} 台）`
        : `Ran ${shortCommand(line)} on ${n} panes at once`
    }
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
