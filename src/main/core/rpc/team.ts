// Handlers of the team.* methods (issue #18): the team connection, sync status, and the merged
// view of a shared incident. One-line calls into the team domain's facade (team/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function teamHandlers(core: Core): HandlersOf<'team'> {
  const team = () => core.team()
  return {
    'team.status': () => team().status(),
    'team.settings': () => team().settings(),
    'team.configure': (p) => team().configure(p),
    'team.disconnect': () => team().disconnect(),
    'team.initServer': ({ user, password }) => team().initServer(user, password),
    'team.verify': ({ incidentId }) => team().verify(incidentId),
    'team.projection': ({ incidentId }) => team().projection(incidentId),
    'team.timeline': ({ incidentId }) => team().timeline(incidentId),
    'team.timelinePage': ({ incidentId, floors, limit }) =>
      team().timelinePage(incidentId, floors, limit),
    'team.timelineSince': ({ incidentId, ownAfter, foreignAfter }) =>
      team().timelineSince(incidentId, ownAfter, foreignAfter),
    'team.conflicts': ({ incidentId }) => team().conflicts(incidentId),
    'team.postmortemConflicts': ({ incidentId }) => team().postmortemConflicts(incidentId),
    'team.resolvePostmortem': ({ incidentId, section, value, resolves, actor }) =>
      team().resolvePostmortem(incidentId, section, value, resolves, actor),
    'team.presence': () => team().presenceNow(),
    'team.shareSession': ({ sessionId, incidentId }) => team().shareSession(sessionId, incidentId),
    'team.sharedSessions': () => team().sharedSessions(),
    'team.sharedTranscripts': ({ incidentId }) => team().sharedTranscripts(incidentId),
    'team.sharedRecording': ({ origin, sessionId, afterId, maxBytes }) =>
      team().sharedRecording(origin, sessionId, afterId, maxBytes),
  }
}
