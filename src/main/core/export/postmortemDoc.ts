// The postmortem as a document: sections of blocks, in English or Japanese, with the section
// titles of the seeds' report templates (000 インシデント報告書, 001 インシデントレポート, 003 Phase 5).
// Markdown and HTML render the same document, so the two can never disagree. Every text passes
// through `clean` (the redactor) on its way in.
import type { PostmortemFacts, PostmortemFields } from '../../../shared/contract'
import type { Lang } from '../../../shared/incidents'
import { formatDuration } from '../incidents/format'
import { statusNames } from '../incidents/statusUpdate'

export type Block =
  | { type: 'kv'; rows: [string, string][] }
  | { type: 'table'; head: string[]; rows: { cells: string[]; highlight: boolean }[] }
  /** Responder-written Markdown: kept as written in Markdown, shown as text in HTML. */
  | { type: 'text'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'subheading'; text: string }
  | { type: 'charts' }

export interface Section {
  id: string
  title: string
  blocks: Block[]
}

export interface Doc {
  title: string
  lang: Lang
  sections: Section[]
}

export const titles = {
  en: {
    doc: 'Postmortem',
    summary: 'Summary',
    basics: 'Basic information',
    occurred: 'Occurred',
    detected: 'Detected',
    declared: 'Declared',
    recovered: 'Recovered',
    closed: 'Closed',
    mttd: 'Time to detect (MTTD)',
    mttr: 'Time to recover (MTTR)',
    severity: 'Severity',
    status: 'Status',
    severityHistory: 'Severity history',
    roles: 'Responders and roles',
    role: 'Role',
    name: 'Name',
    impact: 'Impact',
    services: 'Services affected',
    users: 'Users affected',
    dataLoss: 'Data loss',
    business: 'Business impact',
    timeline: 'Timeline',
    time: 'Time',
    event: 'Event',
    who: 'Who',
    from: 'From',
    to: 'To',
    metrics: 'Metrics around key events',
    cause: 'Root cause analysis',
    directCause: 'Direct cause',
    rootCause: 'Root cause',
    howItHappened: 'How it happened',
    fiveWhys: '5 whys',
    why: (n: number) => `Why ${n}`,
    done: 'What was done',
    initial: 'Initial response',
    main: 'Main response',
    recovery: 'Recovery steps',
    prevention: 'Recurrence prevention',
    immediate: 'Immediate measures',
    longTerm: 'Long-term measures',
    monitoring: 'Monitoring improvements',
    lessons: 'Lessons learned',
    wentWell: 'What went well',
    toImprove: 'What to improve',
    runbookUpdates: 'Runbook updates',
    actionItems: 'Action items',
    task: 'Task',
    owner: 'Owner',
    due: 'Due',
    state: 'Done',
    yes: 'Yes',
    no: 'No',
    unknown: 'To be confirmed',
    none: '—',
    blameless: 'Blameless: this review looks at systems and processes, not at who made a mistake.',
    fromDetected: ' (from detection: the start is unknown)',
  },
  ja: {
    doc: 'インシデント報告書',
    summary: '概要',
    basics: '基本情報',
    occurred: '発生日時',
    detected: '検知日時',
    declared: '宣言日時',
    recovered: '復旧日時',
    closed: 'クローズ日時',
    mttd: '検知までの時間（MTTD）',
    mttr: '復旧までの時間（MTTR）',
    severity: '重要度',
    status: 'ステータス',
    severityHistory: '重要度の推移',
    roles: '対応者と役割',
    role: '役割',
    name: '氏名',
    impact: '影響範囲',
    services: '影響したサービス',
    users: '影響したユーザー',
    dataLoss: 'データ損失',
    business: 'ビジネス影響',
    timeline: 'タイムライン',
    time: '時刻',
    event: 'イベント',
    who: '担当者',
    from: '変更前',
    to: '変更後',
    metrics: '主要イベント前後のメトリクス',
    cause: '原因分析',
    directCause: '直接原因',
    rootCause: '根本原因',
    howItHappened: '発生経緯',
    fiveWhys: 'なぜなぜ分析',
    why: (n: number) => `なぜ${n}`,
    done: '対応内容',
    initial: '初期対応',
    main: '本格対応',
    recovery: '復旧手順',
    prevention: '再発防止策',
    immediate: '即座の対策',
    longTerm: '長期的な対策',
    monitoring: '監視強化',
    lessons: '学習事項',
    wentWell: '対応で良かった点',
    toImprove: '改善すべき点',
    runbookUpdates: '手順の更新',
    actionItems: 'アクションアイテム',
    task: 'タスク',
    owner: '担当者',
    due: '期限',
    state: '完了',
    yes: '有',
    no: '無',
    unknown: '確認中',
    none: '—',
    blameless: 'ブレームレス: 個人の責任追及ではなく、仕組みとプロセスの改善を目的とします。',
    fromDetected: '（発生時刻が不明のため検知時刻から）',
  },
} as const

/** "2024-01-20 14:00:00 (Asia/Tokyo)": seconds, like seed 000's template. */
export function formatStamp(ms: number | null, timeZone: string, withZone = true): string {
  if (ms === null) return '—'
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms))
  return withZone ? `${s} (${timeZone})` : s
}

export function buildDoc(
  facts: PostmortemFacts,
  fields: PostmortemFields,
  lang: Lang,
  clean: (text: string) => string,
  opts: { charts?: boolean } = {},
): Doc {
  const t = titles[lang]
  const tz = facts.timeZone
  const at = (ms: number | null): string => formatStamp(ms, tz)
  const time = (ms: number): string => formatStamp(ms, tz, false)
  const dur = (ms: number | null): string => (ms === null ? t.none : formatDuration(ms, lang))
  const c = (s: string): string => clean(s)
  const text = (s: string): Block => ({ type: 'text', text: c(s) })
  const named = (title: string, body: string): Block[] => [
    { type: 'subheading', text: title },
    text(body),
  ]
  const dataLoss = { yes: t.yes, no: t.no, unknown: t.unknown }[fields.dataLoss]
  const status = statusNames[facts.status as keyof typeof statusNames]?.[lang] ?? facts.status
  const sections: Section[] = [
    { id: 'summary', title: t.summary, blocks: [text(fields.summary), text(t.blameless)] },
    {
      id: 'basics',
      title: t.basics,
      blocks: [
        {
          type: 'kv',
          rows: [
            [t.occurred, at(facts.occurredAt)],
            [t.detected, at(facts.detectedAt)],
            [t.declared, at(facts.declaredAt)],
            [t.recovered, at(facts.recoveredAt)],
            [t.closed, at(facts.closedAt)],
            [t.mttd, dur(facts.mttdMs)],
            [
              t.mttr,
              dur(facts.mttrMs) +
                (facts.mttrMs !== null && facts.occurredAt === null ? t.fromDetected : ''),
            ],
            [t.severity, c(facts.severity)],
            [t.status, status],
          ],
        },
      ],
    },
    {
      id: 'severity',
      title: t.severityHistory,
      blocks: [
        {
          type: 'table',
          head: [t.time, t.from, t.to, t.who],
          rows: facts.severityHistory.map((h) => ({
            cells: [time(h.at), c(h.from ?? t.none), c(h.to), c(h.actor ?? '')],
            highlight: false,
          })),
        },
      ],
    },
    {
      id: 'roles',
      title: t.roles,
      blocks: [
        {
          type: 'table',
          head: [t.role, t.name],
          rows: facts.roles.map((r) => ({ cells: [r.role, c(r.name)], highlight: false })),
        },
      ],
    },
    {
      id: 'impact',
      title: t.impact,
      blocks: [
        {
          type: 'kv',
          rows: [
            [t.services, c(facts.services.join(', ')) || t.none],
            [t.users, c(fields.usersAffected) || t.none],
            [t.dataLoss, dataLoss],
            [t.business, c(fields.businessImpact) || t.none],
          ],
        },
      ],
    },
    {
      id: 'timeline',
      title: t.timeline,
      blocks: [
        {
          type: 'table',
          head: [t.time, t.event, t.who],
          rows: facts.timeline.map((r) => ({
            cells: [time(r.at), c(r.text), c(r.who)],
            highlight: r.pinned,
          })),
        },
        ...(opts.charts ? [{ type: 'charts' } as Block] : []),
      ],
    },
    {
      id: 'cause',
      title: t.cause,
      blocks: [
        ...named(t.directCause, fields.directCause),
        ...named(t.rootCause, fields.rootCause),
        ...named(t.howItHappened, fields.howItHappened),
        { type: 'subheading', text: t.fiveWhys },
        {
          type: 'list',
          ordered: true,
          items: fields.fiveWhys.map((w, i) => `${t.why(i + 1)}: ${c(w)}`),
        },
      ],
    },
    {
      id: 'done',
      title: t.done,
      blocks: [
        ...named(t.initial, fields.initialResponse),
        ...named(t.main, fields.mainResponse),
        ...named(t.recovery, fields.recoverySteps),
      ],
    },
    {
      id: 'prevention',
      title: t.prevention,
      blocks: [
        ...named(t.immediate, fields.preventionImmediate),
        ...named(t.longTerm, fields.preventionLongTerm),
        ...named(t.monitoring, fields.preventionMonitoring),
      ],
    },
    {
      id: 'lessons',
      title: t.lessons,
      blocks: [
        ...named(t.wentWell, fields.wentWell),
        ...named(t.toImprove, fields.toImprove),
        ...named(t.runbookUpdates, fields.runbookUpdates),
      ],
    },
    {
      id: 'actions',
      title: t.actionItems,
      blocks: [
        {
          type: 'table',
          head: [t.task, t.owner, t.due, t.state],
          rows: fields.actionItems.map((a) => ({
            cells: [c(a.title), c(a.owner) || t.none, a.due || t.none, a.done ? '✓' : ''],
            highlight: false,
          })),
        },
      ],
    },
  ]
  return { title: `${t.doc}: ${c(facts.title)}`, lang, sections }
}
