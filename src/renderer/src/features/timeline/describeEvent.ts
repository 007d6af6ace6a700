// What a timeline row says about an event, in the responder's language: a kind label, a one-line
// summary and the full text (notes, status updates, corrections). Payloads are read defensively:
// an imported or hand-made event must never break the list.
import type { JsonObject, JsonValue, TimelineEvent } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import type { Locale, Translate } from '../../i18n/locale'
import { describeRunbookEvent } from '../checklist/describeRunbookEvent'
import { describeCrossing } from '../metrics/format'

const str = (p: JsonObject, k: string): string | null => {
  const v = p[k]
  return typeof v === 'string' ? v : null
}

const knownKinds = new Set([
  'incident.declared',
  'incident.severity_changed',
  'incident.status_changed',
  'incident.field_changed',
  'incident.role_changed',
  'incident.responders_changed',
  'note',
  'event.pinned',
  'event.unpinned',
  'correction',
  'status_update.posted',
  'timer.fired',
  'incident.merged',
  'runbook.started',
  'command.ran',
  'checklist.ticked',
  'checklist.unticked',
  'metric.threshold',
  'broadcast.line',
  'psql.writesEnabled',
])

export function kindLabel(t: Translate, kind: string): string {
  return knownKinds.has(kind) ? t(`event.${kind}` as MessageKey) : kind || t('event.other')
}

function show(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '—'
  if (Array.isArray(v)) return v.map((x) => show(x)).join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function statusLabel(t: Translate, s: string | null): string {
  const key = `status.${s ?? ''}` as MessageKey
  return s && knownStatus.has(s) ? t(key) : show(s)
}
const knownStatus = new Set([
  'declared',
  'investigating',
  'identified',
  'mitigating',
  'monitoring',
  'resolved',
  'closed',
])

export interface EventText {
  label: string
  summary: string
  /** The full text for notes, status updates and corrections. */
  body: string | null
}

export function describeEvent(
  t: Translate,
  locale: Locale,
  e: TimelineEvent,
  seqOf: (uid: string) => number | null,
): EventText {
  const p = e.payload
  const label = kindLabel(t, e.kind)
  const text = str(p, 'text')
  switch (e.kind) {
    case 'incident.declared':
      return {
        label,
        summary: t('summary.declared', { severity: show(p.severity), title: show(p.title) }),
        body: str(p, 'description') || null,
      }
    case 'incident.severity_changed':
    case 'incident.status_changed': {
      const isStatus = e.kind === 'incident.status_changed'
      const from = isStatus ? statusLabel(t, str(p, 'from')) : show(p.from)
      const to = isStatus ? statusLabel(t, str(p, 'to')) : show(p.to)
      const reason = str(p, 'reason')
      return { label, summary: `${from} → ${to}${reason ? ` (${reason})` : ''}`, body: null }
    }
    case 'incident.field_changed': {
      const field = show(p.field)
      const fmt = (v: JsonValue | undefined): string =>
        (field === 'occurredAt' || field === 'detectedAt') && typeof v === 'number'
          ? new Date(v).toLocaleString(locale)
          : show(v)
      return {
        label,
        summary: t('summary.field', { field, from: fmt(p.from), to: fmt(p.to) }),
        body: null,
      }
    }
    case 'incident.role_changed': {
      const role = show(p.role)
      const roleKey = `role.${role}` as MessageKey
      const roleName = ['commander', 'scribe', 'communications'].includes(role) ? t(roleKey) : role
      return {
        label,
        summary: t('summary.role', { role: roleName, from: show(p.from), to: show(p.to) }),
        body: null,
      }
    }
    case 'incident.responders_changed':
      return {
        label,
        summary: t('summary.responders', { added: show(p.added), removed: show(p.removed) }),
        body: null,
      }
    case 'event.pinned':
    case 'event.unpinned': {
      const target = str(p, 'target')
      const seq = target ? seqOf(target) : null
      return { label, summary: t('summary.pin', { target: seq ?? '?' }), body: null }
    }
    case 'correction': {
      const seq = e.amends ? seqOf(e.amends) : null
      const head = t('timeline.correctionOf', { seq: seq ?? '?' })
      return { label, summary: `${head}: ${firstLine(text)}`, body: text }
    }
    case 'timer.fired': {
      const name = p.name
      const localized =
        name && typeof name === 'object' && !Array.isArray(name) ? str(name, locale) : null
      const notify = str(p, 'notify')
      return {
        label,
        summary: `${localized ?? show(p.key)}${notify ? ` → ${notify}` : ''}`,
        body: null,
      }
    }
    case 'runbook.started':
    case 'command.ran':
    case 'checklist.ticked':
    case 'checklist.unticked':
      return { label, ...describeRunbookEvent(t, e.kind, p) }
    case 'metric.threshold':
      return { label, summary: describeCrossing(t, p), body: null }
    case 'broadcast.line': {
      const sessions = show(p.sessions)
      const count = show(p.count)
      return {
        label,
        summary: t('summary.broadcast', { text: text ?? '', count, sessions }),
        body: null,
      }
    }
    case 'incident.merged':
      return {
        label,
        summary: t('summary.merged', {
          origin: show(p.origin),
          added: show(p.added),
          conflicts: Array.isArray(p.conflicts) ? p.conflicts.length : 0,
        }),
        body: null,
      }
    case 'psql.writesEnabled':
      return {
        label,
        summary: t('summary.writesEnabled', { session: show(p.session), reason: show(p.reason) }),
        body: null,
      }
    default:
      if (text !== null) return { label, summary: firstLine(text), body: text }
      return { label, summary: summarizePayload(p), body: null }
  }
}

function firstLine(text: string | null): string {
  if (!text) return ''
  // The row is one line of plain text: drop the Markdown marks the detail view renders.
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '')
    .replace(/^\s*(#{1,6}|[-*])\s+/, '')
    .replace(/\*\*|`/g, '')
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

function summarizePayload(p: JsonObject): string {
  return Object.entries(p)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ')
    .slice(0, 300)
}
