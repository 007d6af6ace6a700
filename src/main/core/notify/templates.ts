// What a chat message says, in English and Japanese, modelled on the teams' own templates (seed
// 003's Slack declaration and recovery posts, seed 002's 【インシデント報告】 status update): a
// title line and a few "name: value" facts a reader scans in a channel. Status updates are sent
// as the responder wrote them. Event words (severities, statuses, scopes, timer names) come from
// shared/eventText.ts, so the channel reads what the timeline reads.
import type { JsonObject, TimelineEvent } from '../../../shared/contract'
import { describeEvent, statusName, valueName } from '../../../shared/eventText'
import type { Incident, Lang } from '../../../shared/incidents'
import type { NotifyKind } from '../../../shared/notifySchemas'

/** A message before it is shaped for Slack, Teams or a generic receiver. */
export interface ChatMessage {
  /** One line: what happened, to which incident. */
  title: string
  /** Free text (a status update's own words), or null. */
  text: string | null
  facts: { name: string; value: string }[]
  /** red for declared/escalated, orange for severity, green for resolved, blue otherwise. */
  tone: 'alert' | 'warning' | 'good' | 'info'
  kind: NotifyKind | 'test'
  incidentId: string | null
  /** Where the message came from, for receivers that want it (generic JSON). */
  eventUid: string | null
  at: number
}

/** The kind of notification a timeline event is, or null when none is ever sent for it. */
export function notifyKindOf(e: Pick<TimelineEvent, 'kind' | 'payload'>): NotifyKind | null {
  switch (e.kind) {
    case 'status_update.posted':
      return 'status_update'
    case 'incident.declared':
      return 'declared'
    case 'incident.severity_changed':
      return 'severity'
    case 'timer.fired':
      // Escalation timers only; reminders (status update due) stay in the app.
      return e.payload.timer === 'escalation' ? 'escalation' : null
    case 'incident.status_changed':
      return e.payload.to === 'resolved' ? 'resolved' : null
    default:
      return null
  }
}

const str = (p: JsonObject, k: string): string | null => {
  const v = p[k]
  return typeof v === 'string' && v.trim() !== '' ? v : null
}

/** "2026-12-04 14:05 JST": the seeds' time format, in the recording responder's zone. */
export function clockTime(ms: number, tz: string, lang: Lang): string {
  let zone = tz
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
  } catch {
    zone = 'UTC'
  }
  const parts = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).formatToParts(ms)
  const p = (t: string): string => parts.find((x) => x.type === t)?.value ?? ''
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')} ${p('timeZoneName')}`
}

/** "1 h 5 min" / "1時間5分", as seed 003's 障害時間: X時間Y分. */
export function outageLength(ms: number, lang: Lang): string {
  const min = Math.max(0, Math.round(ms / 60_000))
  const h = Math.floor(min / 60)
  const m = min % 60
  if (lang === 'ja') return h ? `${h}時間${m}分` : `${m}分`
  return h ? `${h} h ${m} min` : `${m} min`
}

const WORDS = {
  en: {
    declared: (sev: string) => `[${sev} incident declared]`,
    resolved: '[Incident resolved]',
    severity: '[Severity changed]',
    escalation: '[Escalation]',
    statusUpdate: '[Incident status update]',
    test: 'Sitrep test message',
    testText: 'If you can read this, Sitrep can post incident notifications to this channel.',
    occurredAt: 'Occurred at',
    symptom: 'Symptoms',
    impact: 'Impact',
    responder: 'Responder',
    status: 'Current status',
    resolvedAt: 'Resolved at',
    outage: 'Outage length',
    cause: 'Cause',
    next: 'Next',
    postmortem: 'Postmortem planned',
    severityField: 'Severity',
    reason: 'Reason',
    timer: 'Escalation',
    notify: 'Contact',
    services: (s: string[]) => (s.length ? s.join(', ') : '—'),
  },
  ja: {
    declared: (sev: string) => `【${sev}インシデント発生】`,
    resolved: '【インシデント復旧】',
    severity: '【重要度変更】',
    escalation: '【エスカレーション】',
    statusUpdate: '【インシデント報告】',
    test: 'Sitrep テスト通知',
    testText: 'このメッセージが読めれば、Sitrep からこのチャンネルにインシデント通知を送れます。',
    occurredAt: '発生時刻',
    symptom: '症状',
    impact: '影響範囲',
    responder: '対応者',
    status: '現在の状態',
    resolvedAt: '復旧時刻',
    outage: '障害時間',
    cause: '原因',
    next: '今後の対応',
    postmortem: 'ポストモーテム実施予定',
    severityField: '重要度',
    reason: '理由',
    timer: 'エスカレーション',
    notify: '連絡先',
    services: (s: string[]) => (s.length ? s.join('、') : '—'),
  },
} as const

/**
 * The message for a timeline event of an incident (its state when the event was seen), in the
 * channel's language.
 */
export function messageFor(
  e: TimelineEvent,
  kind: NotifyKind,
  incident: Incident | null,
  lang: Lang,
): ChatMessage {
  const w = WORDS[lang]
  const p = e.payload
  const title = incident?.title ?? str(p, 'title') ?? ''
  const severity = incident?.severity ?? str(p, 'severity') ?? ''
  const impact = incident
    ? `${valueName(incident.impactScope, lang)} (${w.services(incident.services)})`
    : '—'
  const responder = incident?.roles.commander ?? incident?.declaredBy ?? e.actor ?? '—'
  const base = { kind, incidentId: e.incidentId, eventUid: e.uid, at: e.at }
  const fact = (name: string, value: string | null | undefined) => ({ name, value: value || '—' })
  switch (kind) {
    case 'declared':
      return {
        ...base,
        title: `${w.declared(severity)} ${title}`,
        text: null,
        tone: 'alert',
        facts: [
          fact(w.occurredAt, clockTime(incident?.occurredAt ?? e.at, e.tz, lang)),
          fact(w.symptom, (incident?.description || str(p, 'description') || title).split('\n')[0]),
          fact(w.impact, impact),
          fact(w.responder, responder),
        ],
      }
    case 'resolved': {
      const from = incident?.occurredAt ?? incident?.detectedAt ?? incident?.declaredAt ?? e.at
      return {
        ...base,
        title: `${w.resolved} ${title}`,
        text: null,
        tone: 'good',
        facts: [
          fact(w.resolvedAt, clockTime(e.at, e.tz, lang)),
          fact(w.outage, outageLength(e.at - from, lang)),
          fact(w.cause, str(p, 'reason')),
          fact(w.next, w.postmortem),
        ],
      }
    }
    case 'severity':
      return {
        ...base,
        title: `${w.severity} ${title}`,
        text: null,
        tone: 'warning',
        facts: [
          fact(w.severityField, `${str(p, 'from') ?? '—'} → ${str(p, 'to') ?? '—'}`),
          fact(w.reason, str(p, 'reason')),
          fact(w.status, incident ? statusName(incident.status, lang) : null),
          fact(w.responder, responder),
        ],
      }
    case 'escalation': {
      const d = describeEvent(e, { lang })
      return {
        ...base,
        title: `${w.escalation} ${title}`,
        text: null,
        tone: 'alert',
        facts: [
          fact(w.timer, d.summary),
          fact(w.severityField, severity),
          fact(w.status, incident ? statusName(incident.status, lang) : null),
          fact(w.notify, str(p, 'notify')),
        ],
      }
    }
    case 'status_update': {
      const text = str(p, 'text')
      // A status update written from the seeds' template opens with its own 【…】 header: the
      // title does not say it twice.
      const headed = /^\s*(【[^】]*】|\[[^\]]*\])/.test(text ?? '')
      return {
        ...base,
        title: `${headed ? '' : `${w.statusUpdate} `}${severity ? `${severity} ` : ''}${title}`,
        text,
        tone: 'info',
        facts: [],
      }
    }
  }
}

/** The message notify.test sends. */
export function testMessage(lang: Lang, at: number): ChatMessage {
  const w = WORDS[lang]
  return {
    title: w.test,
    text: w.testText,
    facts: [],
    tone: 'info',
    kind: 'test',
    incidentId: null,
    eventUid: null,
    at,
  }
}
