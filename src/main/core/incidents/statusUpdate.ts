// Status update drafts: declaration, progress and recovery, in English or Japanese, filled from
// the incident. The Japanese texts follow the seed runbooks' wording (【P1インシデント発生】 and
// 【インシデント復旧】 from seed 003, the 【インシデント報告】 contact template of seed 002). The caller
// can override any field or edit the text before posting; posting records the final text.
import { statusName, valueName } from '../../../shared/eventText'
import { formatClock, formatDuration, formatTime } from './format'
import type {
  Incident,
  Lang,
  StatusUpdateDraft,
  StatusUpdateFields,
  StatusUpdateTemplate,
} from '../../../shared/incidents'

const words = {
  en: {
    unknown: 'unknown',
    tbd: '[to be filled in]',
    cause: 'under investigation',
    followUp: 'Postmortem planned',
    action: '[action]',
    next: '[next step]',
  },
  ja: {
    unknown: '未定',
    tbd: '[記入してください]',
    cause: '調査中',
    followUp: 'ポストモーテム実施予定',
    action: '[対応]',
    next: '[予定]',
  },
} as const

export interface DraftOptions {
  template: StatusUpdateTemplate
  lang: Lang
  now: number
  timeZone: string
  /** Minutes until the next update (the cadence); 0 leaves "next update" open. */
  nextUpdateMinutes: number
  overrides?: Partial<StatusUpdateFields> | undefined
}

export function statusUpdateFields(inc: Incident, o: DraftOptions): StatusUpdateFields {
  const w = words[o.lang]
  const began = inc.occurredAt ?? inc.detectedAt
  const end = inc.resolvedAt ?? o.now
  const responder =
    inc.roles.commander ??
    (inc.roles.responders.length ? inc.roles.responders.join(', ') : inc.declaredBy)
  return {
    severity: inc.severity,
    title: inc.title,
    // Without an occurred time the detection time stands in, and the text says so.
    time:
      formatTime(began, o.lang, o.timeZone) +
      (inc.occurredAt === null ? (o.lang === 'ja' ? '（検知時刻）' : ' (detected)') : ''),
    services: inc.services.length ? inc.services.join(', ') : w.tbd,
    scope: valueName(inc.impactScope, o.lang),
    state: statusName(o.template === 'recovery' ? 'resolved' : inc.status, o.lang),
    eta: w.unknown,
    responder: responder ?? w.tbd,
    nextUpdate:
      o.nextUpdateMinutes > 0
        ? formatClock(o.now + o.nextUpdateMinutes * 60_000, o.lang, o.timeZone)
        : w.unknown,
    details: inc.description.trim(),
    actionsTaken: [],
    nextActions: [],
    resolvedTime: formatTime(end, o.lang, o.timeZone),
    duration: formatDuration(end - began, o.lang),
    cause: w.cause,
    followUp: w.followUp,
    ...o.overrides,
  }
}

const list = (items: string[], placeholder: string): string[] =>
  (items.length ? items : [placeholder]).map((i) => `- ${i}`)

function renderJa(t: StatusUpdateTemplate, f: StatusUpdateFields): string[] {
  const w = words.ja
  switch (t) {
    case 'declaration':
      return [
        `【${f.severity}インシデント発生】`,
        `発生時刻: ${f.time}`,
        `症状: ${f.title}`,
        `影響サービス: ${f.services}`,
        `影響範囲: ${f.scope}`,
        `現在の状態: ${f.state}`,
        `対応者: ${f.responder}`,
        `次回更新: ${f.nextUpdate}`,
        ...(f.details ? ['', '詳細:', f.details] : []),
      ]
    case 'progress':
      return [
        '【インシデント報告】',
        `重要度: ${f.severity}`,
        `発生時刻: ${f.time}`,
        `影響サービス: ${f.services}`,
        `影響範囲: ${f.scope}`,
        `現在の状態: ${f.state}`,
        `推定復旧時刻: ${f.eta}`,
        `対応者: ${f.responder}`,
        `次回更新: ${f.nextUpdate}`,
        '',
        '詳細:',
        f.details || f.title,
        '',
        '実施済み対応:',
        ...list(f.actionsTaken, w.action),
        '',
        '次の対応:',
        ...list(f.nextActions, w.next),
      ]
    case 'recovery':
      return [
        '【インシデント復旧】',
        `復旧時刻: ${f.resolvedTime}`,
        `影響サービス: ${f.services}`,
        `障害時間: ${f.duration}`,
        `原因: ${f.cause}`,
        `対応内容: ${f.actionsTaken.length ? f.actionsTaken.join('、') : w.action}`,
        `今後の対応: ${f.followUp}`,
      ]
  }
}

function renderEn(t: StatusUpdateTemplate, f: StatusUpdateFields): string[] {
  const w = words.en
  switch (t) {
    case 'declaration':
      return [
        `[${f.severity} INCIDENT DECLARED]`,
        `Occurred at: ${f.time}`,
        `Symptom: ${f.title}`,
        `Affected services: ${f.services}`,
        `Scope: ${f.scope}`,
        `Current state: ${f.state}`,
        `Responder: ${f.responder}`,
        `Next update: ${f.nextUpdate}`,
        ...(f.details ? ['', 'Details:', f.details] : []),
      ]
    case 'progress':
      return [
        '[INCIDENT UPDATE]',
        `Severity: ${f.severity}`,
        `Occurred at: ${f.time}`,
        `Affected services: ${f.services}`,
        `Scope: ${f.scope}`,
        `Current state: ${f.state}`,
        `Estimated recovery: ${f.eta}`,
        `Responder: ${f.responder}`,
        `Next update: ${f.nextUpdate}`,
        '',
        'Details:',
        f.details || f.title,
        '',
        'Actions taken:',
        ...list(f.actionsTaken, w.action),
        '',
        'Next actions:',
        ...list(f.nextActions, w.next),
      ]
    case 'recovery':
      return [
        '[INCIDENT RESOLVED]',
        `Resolved at: ${f.resolvedTime}`,
        `Affected services: ${f.services}`,
        `Duration: ${f.duration}`,
        `Cause: ${f.cause}`,
        `Actions taken: ${f.actionsTaken.length ? f.actionsTaken.join('; ') : w.action}`,
        `Follow-up: ${f.followUp}`,
      ]
  }
}

export function renderStatusUpdate(
  template: StatusUpdateTemplate,
  lang: Lang,
  fields: StatusUpdateFields,
): string {
  return (lang === 'ja' ? renderJa(template, fields) : renderEn(template, fields)).join('\n')
}

export function draftStatusUpdate(inc: Incident, o: DraftOptions): StatusUpdateDraft {
  const fields = statusUpdateFields(inc, o)
  return {
    template: o.template,
    lang: o.lang,
    fields,
    text: renderStatusUpdate(o.template, o.lang, fields),
  }
}
