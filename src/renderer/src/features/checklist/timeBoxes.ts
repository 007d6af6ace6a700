// Phase time boxes from the runbook's front matter ("1. Confirm the symptom: 5m"): each phase's
// box starts where the previous one ends, counted from when the incident started the runbook.
import type { RunbookDocument, RunbookSection } from '../../../../shared/contract'

/** '15m', '1h', '90s', '15 min', '15分', '1時間' → milliseconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|mins|分|h|hr|hours?|時間)?\s*$/i.exec(text)
  if (!m) return null
  const n = Number(m[1])
  const unit = (m[2] ?? 'm').toLowerCase()
  if (unit.startsWith('s')) return n * 1000
  if (unit.startsWith('h') || unit === '時間') return n * 3_600_000
  return n * 60_000
}

export function formatDuration(ms: number): string {
  const min = Math.round(ms / 60_000)
  if (min < 60) return `${Math.max(min, 0)}m`
  return `${Math.floor(min / 60)}h${String(min % 60).padStart(2, '0')}m`
}

export interface PhaseBox {
  box: string
  /** When the phase's time box ends, UTC ms. */
  dueAt: number
}

/** Sections with a time box, by section id, in file order. */
export function phaseBoxes(doc: RunbookDocument, startedAt: number): Map<string, PhaseBox> {
  const out = new Map<string, PhaseBox>()
  const boxes = doc.meta.timeBoxes
  let at = startedAt
  const visit = (s: RunbookSection): void => {
    const box = boxes[s.title] ?? boxes[s.title.trim()]
    const ms = box ? parseDuration(box) : null
    if (box && ms !== null) {
      at += ms
      out.set(s.id, { box, dueAt: at })
    }
    s.children.forEach(visit)
  }
  doc.sections.forEach(visit)
  return out
}
