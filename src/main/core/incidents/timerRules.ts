// Which timers an open incident has and when each is due: a pure function of the incident, the
// policy, the severity scheme and the timers already fired. Every timer has a stable key; a key
// fires at most once, so "already fired" is just the set of keys on the timeline.
//
// When each kind counts from and when it is met (no longer needed):
// - response-start: from detection, the target of the current severity; met when the response
//   started, i.e. the incident first left 'declared'. A severity change gives a new key, so
//   raising P3 to P1 after 20 min fires the P1 target at once.
// - time-box: from the declaration (the team's clock starts when the team knows); met once the
//   incident has ever reached the box's `until` status. History counts, so a reopen never fires
//   a box that was met before.
// - escalation 'unresolved': from the declaration; met once the incident has ever been resolved.
// - escalation 'flag': due the moment the flag is raised (data-loss risk, suspected breach);
//   lowering the flag before it fired cancels it; a key fires once, even if raised again.
// - status-update: due `every` minutes after the later of the last posted status update and the
//   last reminder (declaration if neither), so an overdue update reminds again each period.
// Resolved and closed incidents have no timers.
import { hasReached, isOpen } from './lifecycle'
import { formatDuration } from './format'
import { findLevel } from './severity'
import type {
  Incident,
  Localized,
  SeverityScheme,
  TimerKind,
  TimerPolicy,
  UpcomingTimer,
} from '../../../shared/incidents'

export interface TimerSpec {
  key: string
  kind: TimerKind
  name: Localized
  dueAt: number
  notify: string | null
}

/** Key → when it fired, derived from the incident's timer.fired events. */
export type FiredTimers = ReadonlyMap<string, number>

const MINUTE = 60_000
export const STATUS_UPDATE_PREFIX = 'status-update@'

const minutes = (n: number): Localized => ({
  en: formatDuration(n * MINUTE, 'en'),
  ja: formatDuration(n * MINUTE, 'ja'),
})

function lastReminder(fired: FiredTimers): number | null {
  let last: number | null = null
  for (const [key, at] of fired) {
    if (key.startsWith(STATUS_UPDATE_PREFIX) && (last === null || at > last)) last = at
  }
  return last
}

/** The incident's timers that are not yet met, fired or not. */
export function timersFor(
  inc: Incident,
  policy: TimerPolicy,
  scheme: SeverityScheme,
  fired: FiredTimers,
): TimerSpec[] {
  if (!isOpen(inc.status)) return []
  const specs: TimerSpec[] = []
  const level = findLevel(scheme, inc.severity)
  if (policy.responseStart && inc.responseStartedAt === null && level) {
    const t = minutes(level.responseMinutes)
    specs.push({
      key: `response-start:${level.id}`,
      kind: 'response-start',
      name: {
        en: `Response start target (${level.id}: ${t.en})`,
        ja: `対応開始目標（${level.id}：${t.ja}以内）`,
      },
      dueAt: inc.detectedAt + level.responseMinutes * MINUTE,
      notify: null,
    })
  }
  for (const box of policy.timeBoxes) {
    if (hasReached(inc.reachedAt, box.until)) continue
    const t = minutes(box.minutes)
    specs.push({
      key: `time-box:${box.id}`,
      kind: 'time-box',
      name: { en: `${box.name.en} time box (${t.en})`, ja: `${box.name.ja}（${t.ja}以内）` },
      dueAt: inc.declaredAt + (box.startMinutes + box.minutes) * MINUTE,
      notify: null,
    })
  }
  for (const rule of policy.escalations) {
    if (rule.severities && !rule.severities.includes(inc.severity)) continue
    let dueAt: number | null = null
    if (rule.when.type === 'unresolved') {
      if (!hasReached(inc.reachedAt, 'resolved'))
        dueAt = inc.declaredAt + rule.when.minutes * MINUTE
    } else {
      dueAt = inc.flags[rule.when.flag]
    }
    if (dueAt === null) continue
    specs.push({
      key: `escalation:${rule.id}`,
      kind: 'escalation',
      name: rule.label ?? {
        en: `Escalate: ${rule.notify}`,
        ja: `エスカレーション：${rule.notify}`,
      },
      dueAt,
      notify: rule.notify,
    })
  }
  if (policy.statusUpdateEveryMinutes > 0) {
    const since = Math.max(inc.lastStatusUpdateAt ?? inc.declaredAt, lastReminder(fired) ?? 0)
    const dueAt = since + policy.statusUpdateEveryMinutes * MINUTE
    const t = minutes(policy.statusUpdateEveryMinutes)
    specs.push({
      key: `${STATUS_UPDATE_PREFIX}${dueAt}`,
      kind: 'status-update',
      name: { en: `Status update due (every ${t.en})`, ja: `ステータス更新（${t.ja}ごと）` },
      dueAt,
      notify: null,
    })
  }
  return specs
}

/** Timers to fire now, oldest due first. */
export function dueTimers(specs: TimerSpec[], fired: FiredTimers, now: number): TimerSpec[] {
  return specs.filter((s) => !fired.has(s.key) && s.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)
}

export function nextDueAt(specs: TimerSpec[], fired: FiredTimers): number | null {
  let next: number | null = null
  for (const s of specs) if (!fired.has(s.key) && (next === null || s.dueAt < next)) next = s.dueAt
  return next
}

/**
 * For the header countdowns: timers still to fire, and targets that fired but are still unmet
 * (a missed response start stays visible as overdue). Escalations and reminders that fired have
 * done their job and drop out.
 */
export function upcomingTimers(specs: TimerSpec[], fired: FiredTimers): UpcomingTimer[] {
  return specs
    .filter((s) => !fired.has(s.key) || s.kind === 'response-start' || s.kind === 'time-box')
    .map((s) => ({
      key: s.key,
      kind: s.kind,
      name: s.name,
      dueAt: s.dueAt,
      state: fired.has(s.key) ? ('overdue' as const) : ('pending' as const),
      notify: s.notify,
    }))
    .sort((a, b) => a.dueAt - b.dueAt)
}
