// The postmortem draft: facts computed from the incident and its timeline (times, MTTD/MTTR,
// severity history, roles, the timeline, what was run), and the sections a responder writes,
// pre-filled where the timeline knows something. Facts are recomputed on every read, so an
// edit to the draft can never contradict the record.
import type { PostmortemFacts, PostmortemFields, TimelineEvent } from '../../../shared/contract'
import type { Incident, Lang } from '../../../shared/incidents'
import { actionKinds, describeAction, incidentKpis } from '../incidents/domain'
import { eventText, eventWho, inTimeOrder, logicalUid } from './eventText'

const roleNames = {
  en: {
    commander: 'Incident commander',
    scribe: 'Scribe',
    communications: 'Communications',
    responder: 'Responder',
  },
  ja: {
    commander: 'インシデント指揮者',
    scribe: '記録係',
    communications: '連絡担当',
    responder: '対応者',
  },
} as const

export function postmortemFacts(
  inc: Incident,
  events: readonly TimelineEvent[],
  lang: Lang,
  timeZone: string,
): PostmortemFacts {
  const kpis = incidentKpis(inc)
  const pinned = new Set(inc.pinned)
  const ordered = inTimeOrder(events)
  const severityHistory: PostmortemFacts['severityHistory'] = []
  for (const e of ordered) {
    if (e.kind === 'incident.declared' && typeof e.payload.severity === 'string') {
      severityHistory.push({ at: e.at, from: null, to: e.payload.severity, actor: e.actor })
    }
    if (e.kind === 'incident.severity_changed' && typeof e.payload.to === 'string') {
      const from = typeof e.payload.from === 'string' ? e.payload.from : null
      severityHistory.push({ at: e.at, from, to: e.payload.to, actor: e.actor })
    }
  }
  const names = roleNames[lang]
  const roles: PostmortemFacts['roles'] = []
  if (inc.roles.commander) roles.push({ role: names.commander, name: inc.roles.commander })
  if (inc.roles.scribe) roles.push({ role: names.scribe, name: inc.roles.scribe })
  if (inc.roles.communications)
    roles.push({ role: names.communications, name: inc.roles.communications })
  for (const r of inc.roles.responders) roles.push({ role: names.responder, name: r })
  const actions: PostmortemFacts['actions'] = []
  for (const e of ordered) {
    if (!(actionKinds as readonly string[]).includes(e.kind)) continue
    const text = describeAction({ kind: e.kind, payload: JSON.stringify(e.payload) }, lang)
    if (text) actions.push({ at: e.at, text, who: eventWho(e) })
  }
  return {
    title: inc.title,
    severity: inc.severity,
    status: inc.status,
    occurredAt: inc.occurredAt,
    detectedAt: inc.detectedAt,
    declaredAt: inc.declaredAt,
    recoveredAt: inc.resolvedAt,
    closedAt: inc.closedAt,
    mttdMs: kpis.mttdMs,
    mttrMs: kpis.mttrMs,
    services: inc.services,
    roles,
    severityHistory,
    timeline: ordered
      // Pins are shown as highlighted rows, not as rows of their own; edits of this very
      // document (a team's postmortem sync, #18) are not part of the incident's story.
      .filter(
        (e) =>
          e.kind !== 'event.pinned' &&
          e.kind !== 'event.unpinned' &&
          e.kind !== 'postmortem.edited',
      )
      .map((e) => ({
        at: e.at,
        text: eventText(e, lang, timeZone),
        who: eventWho(e),
        pinned: pinned.has(e.uid) || pinned.has(logicalUid(e)),
      })),
    actions,
    timeZone,
  }
}

const line = (at: number, text: string, timeZone: string): string => {
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at))
  return `- ${hhmm} ${text}`
}

/** Splits what was run by the incident's phases: before the cause was identified, until
 * mitigation started, and from mitigation on (the seeds' 初期対応 / 本格対応 / 復旧手順). */
function actionsByPhase(
  inc: Incident,
  facts: PostmortemFacts,
): { initial: string; main: string; recovery: string } {
  const identified = inc.reachedAt.identified ?? inc.reachedAt.mitigating ?? Infinity
  const mitigating = inc.reachedAt.mitigating ?? inc.reachedAt.monitoring ?? Infinity
  const pick = (from: number, to: number): string =>
    facts.actions
      .filter((a) => a.at >= from && a.at < to)
      .map((a) => line(a.at, a.text, facts.timeZone))
      .join('\n')
  return {
    initial: pick(-Infinity, identified),
    main: pick(identified, mitigating),
    recovery: pick(mitigating, Infinity),
  }
}

/** The draft before any edit: what the timeline already says, the rest left to write. */
export function defaultFields(inc: Incident, facts: PostmortemFacts): PostmortemFields {
  const phases = actionsByPhase(inc, facts)
  return {
    summary: inc.description,
    usersAffected: '',
    // A raised data-loss flag is a risk, not a finding: leave it for the responder to confirm.
    dataLoss: inc.flags.dataLossRisk === null ? 'no' : 'unknown',
    businessImpact: '',
    directCause: '',
    rootCause: '',
    fiveWhys: ['', '', '', '', ''],
    howItHappened: '',
    initialResponse: phases.initial,
    mainResponse: phases.main,
    recoverySteps: phases.recovery,
    preventionImmediate: '',
    preventionLongTerm: '',
    preventionMonitoring: '',
    wentWell: '',
    toImprove: '',
    runbookUpdates: '',
    actionItems: [],
  }
}
