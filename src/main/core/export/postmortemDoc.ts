// The postmortem as a document: sections of blocks, in English or Japanese, with the section
// titles of the seeds' report templates (000 インシデント報告書, 001 インシデントレポート, 003 Phase 5).
// Markdown and HTML render the same document, so the two can never disagree. Every text passes
// through `clean` (the redactor) on its way in.
import type { PostmortemFacts, PostmortemFields } from '../../../shared/contract'
import type { Lang } from '../../../shared/incidents'
import { formatDuration } from '../incidents/domain'
import { statusName } from '../../../shared/eventText'
import { titles } from './postmortemTitles'

export { titles }

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

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs ~0.1 ms, which was most of
 * a 10 000-event postmortem's export time when made once per timeline row.
 */
const stampFormats = new Map<string, Intl.DateTimeFormat>()

function stampFormat(timeZone: string): Intl.DateTimeFormat {
  let f = stampFormats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    stampFormats.set(timeZone, f)
  }
  return f
}

/** "2024-01-20 14:00:00 (Asia/Tokyo)": seconds, like seed 000's template. */
export function formatStamp(ms: number | null, timeZone: string, withZone = true): string {
  if (ms === null) return '—'
  const s = stampFormat(timeZone).format(new Date(ms))
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
  const status = statusName(facts.status, lang)
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
