// Handlers of the incidents.* and timeline.* methods: one-line calls into the incidents domain's
// facade (incidents/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function incidentHandlers(core: Core): HandlersOf<'incidents' | 'timeline'> {
  const inc = () => core.incidents()
  return {
    'incidents.declare': (p) => inc().declare(p),
    'incidents.get': ({ incidentId }) => inc().get(incidentId),
    'incidents.list': (q) => inc().list(q),
    'incidents.latestOpen': ({ limit }) => inc().latestOpen(limit),
    'incidents.changeSeverity': ({ incidentId, ...p }) => inc().changeSeverity(incidentId, p),
    'incidents.changeStatus': ({ incidentId, ...p }) => inc().changeStatus(incidentId, p),
    'incidents.reopen': ({ incidentId, ...p }) => inc().reopen(incidentId, p),
    'incidents.update': ({ incidentId, ...p }) => inc().update(incidentId, p),
    'incidents.assignRole': ({ incidentId, ...p }) => inc().assignRole(incidentId, p),
    'incidents.changeResponders': ({ incidentId, ...p }) => inc().changeResponders(incidentId, p),
    'incidents.addNote': ({ incidentId, ...p }) => inc().addNote(incidentId, p),
    'incidents.setPinned': ({ incidentId, ...p }) => inc().setPinned(incidentId, p),
    'incidents.amend': ({ incidentId, ...p }) => inc().amend(incidentId, p),
    'incidents.draftStatusUpdate': ({ incidentId, ...p }) => inc().draftStatusUpdate(incidentId, p),
    'incidents.postStatusUpdate': ({ incidentId, ...p }) => inc().postStatusUpdate(incidentId, p),
    'incidents.timers': ({ incidentId }) => inc().upcomingTimers(incidentId),
    'incidents.suggestSeverity': (a) => inc().suggestSeverity(a),
    'incidents.settings': () => inc().settingsView(),
    'incidents.setSeverityScheme': ({ scheme }) => inc().setSeverityScheme(scheme),
    'incidents.setTimerPolicy': ({ policy }) => inc().setTimerPolicy(policy),
    'incidents.setImpactThresholds': ({ thresholds }) => inc().setImpactThresholds(thresholds),
    'incidents.kpis': (range) => inc().kpis(range),
    'incidents.incidentKpis': ({ incidentId }) => inc().incidentKpis(incidentId),
    'incidents.markDeploy': ({ incidentId, ...p }) => inc().markDeploy(incidentId, p),
    'incidents.rollbackRule': () => inc().rollbackRule(),
    'incidents.setRollbackRule': ({ rule }) => inc().setRollbackRule(rule),
    'timeline.list': ({ incidentId, beforeSeq, limit }) =>
      inc().timeline(incidentId, { beforeSeq, limit }),
    // In a team the incident holds other installs' chains too: the team domain checks them all.
    'timeline.verify': ({ incidentId }) => core.team().verifyTimeline(incidentId),
  }
}
