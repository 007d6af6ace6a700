// One line of text per timeline event, in English or Japanese, for exported documents (the
// renderer has its own i18n'd describer). Payloads are read defensively: events may come from an
// older version, another laptop, or a runbook runner that added fields since.
import type { JsonObject, JsonValue, TimelineEvent } from '../../../shared/contract'
import type { Lang } from '../../../shared/incidents'
import { describeAction } from '../incidents/actionsTaken'
import { statusNames } from '../incidents/statusUpdate'

const str = (p: JsonObject, k: string): string | null => {
  const v = p[k]
  return typeof v === 'string' ? v : null
}

function show(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '—'
  if (Array.isArray(v)) return v.map((x) => show(x)).join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function status(v: JsonValue | undefined, lang: Lang): string {
  return typeof v === 'string' && v in statusNames
    ? statusNames[v as keyof typeof statusNames][lang]
    : show(v)
}

const words = {
  en: {
    declared: (sev: string, title: string) => `Incident declared (${sev}): ${title}`,
    severity: (from: string, to: string) => `Severity ${from} → ${to}`,
    status: (from: string, to: string) => `Status ${from} → ${to}`,
    field: (f: string, to: string) => `${f} changed to ${to}`,
    role: (r: string, to: string) => `${r}: ${to}`,
    responders: (added: string, removed: string) =>
      `Responders${added ? ` +${added}` : ''}${removed ? ` −${removed}` : ''}`,
    note: 'Note',
    pinned: 'Pinned an event',
    unpinned: 'Unpinned an event',
    correction: 'Correction',
    statusUpdate: 'Status update posted',
    timer: (name: string) => `Timer: ${name}`,
    typed: (session: string, text: string) => `$ ${text} (${session})`,
    session: (what: string, title: string) => `Session ${what}: ${title}`,
    merged: (origin: string, n: number) => `Merged ${n} events from ${origin}`,
    reason: 'reason',
    roles: { commander: 'Incident commander', scribe: 'Scribe', communications: 'Communications' },
  },
  ja: {
    declared: (sev: string, title: string) => `インシデント宣言（${sev}）: ${title}`,
    severity: (from: string, to: string) => `重要度 ${from} → ${to}`,
    status: (from: string, to: string) => `ステータス ${from} → ${to}`,
    field: (f: string, to: string) => `${f} を ${to} に変更`,
    role: (r: string, to: string) => `${r}: ${to}`,
    responders: (added: string, removed: string) =>
      `対応者${added ? ` 追加: ${added}` : ''}${removed ? ` 外れた: ${removed}` : ''}`,
    note: 'メモ',
    pinned: 'イベントをピン留め',
    unpinned: 'ピン留めを解除',
    correction: '訂正',
    statusUpdate: 'ステータス更新を投稿',
    timer: (name: string) => `タイマー: ${name}`,
    typed: (session: string, text: string) => `$ ${text}（${session}）`,
    session: (what: string, title: string) => `セッション${what}: ${title}`,
    merged: (origin: string, n: number) => `${origin} から ${n} 件のイベントを統合`,
    reason: '理由',
    roles: { commander: 'インシデント指揮者', scribe: '記録係', communications: '連絡担当' },
  },
} as const

/** The event as one line of text: what happened, with the payload's own words. */
export function eventText(e: TimelineEvent, lang: Lang): string {
  const w = words[lang]
  const p = e.payload
  const reason = str(p, 'reason')
  const withReason = (s: string): string => (reason ? `${s} (${w.reason}: ${reason})` : s)
  const text = str(p, 'text')
  switch (e.kind) {
    case 'incident.declared':
      return w.declared(show(p.severity), show(p.title))
    case 'incident.severity_changed':
      return withReason(w.severity(show(p.from), show(p.to)))
    case 'incident.status_changed':
      return withReason(w.status(status(p.from, lang), status(p.to, lang)))
    case 'incident.field_changed':
      return w.field(show(p.field), show(p.to))
    case 'incident.role_changed': {
      const role = typeof p.role === 'string' ? p.role : ''
      return w.role(
        role in w.roles ? w.roles[role as keyof typeof w.roles] : show(p.role),
        show(p.to),
      )
    }
    case 'incident.responders_changed':
      return w.responders(
        show(p.added ?? []).replace('—', ''),
        show(p.removed ?? []).replace('—', ''),
      )
    case 'note':
      return text ?? w.note
    case 'event.pinned':
      return w.pinned
    case 'event.unpinned':
      return w.unpinned
    case 'correction':
      return `${w.correction}: ${text ?? ''}`
    case 'status_update.posted':
      return text ? `${w.statusUpdate}: ${text}` : w.statusUpdate
    case 'timer.fired':
      return w.timer(show(p.name ?? p.key))
    case 'command.typed':
      return w.typed(show(p.session), show(p.text))
    case 'session.opened':
    case 'session.closed':
    case 'session.reconnecting':
      return w.session(e.kind.slice('session.'.length), show(p.title ?? p.session))
    case 'incident.merged':
      return w.merged(show(p.origin), typeof p.added === 'number' ? p.added : 0)
    default: {
      const action = describeAction({ kind: e.kind, payload: JSON.stringify(p) }, lang)
      if (action) return action
      // Unknown kinds: the kind and whatever text the payload carries.
      return text ? `${e.kind}: ${text}` : e.kind
    }
  }
}

/** Who did it: the actor, else the session or runner the payload names. */
export function eventWho(e: TimelineEvent): string {
  return e.actor ?? str(e.payload, 'by') ?? str(e.payload, 'session') ?? ''
}

/** The laptop an event was first written on, when it came in through a merge. */
export function eventOrigin(e: TimelineEvent): string | null {
  const m = e.payload.mergedFrom
  return m && typeof m === 'object' && !Array.isArray(m) && typeof m.origin === 'string'
    ? m.origin
    : null
}

/** The uid the event had where it was first written: merged copies keep the original's. */
export function logicalUid(e: TimelineEvent): string {
  const m = e.payload.mergedFrom
  return m && typeof m === 'object' && !Array.isArray(m) && typeof m.uid === 'string'
    ? m.uid
    : e.uid
}

/** Events in the order they happened (merged events are appended late but happened earlier). */
export function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => a.at - b.at || a.seq - b.seq)
}
