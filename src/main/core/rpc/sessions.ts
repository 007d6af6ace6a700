// The contract's sessions.* methods and the kubectl/psql targets.* methods: one-line calls into
// the sessions domain (sessions/sessionsDomain.ts), where the rules live.
import type { SessionMethodResults } from '../../../shared/contract'
import type { Core } from '../core'
import type { Handlers } from './handlerTypes'

export function sessionHandlers(core: Core): Pick<Handlers, keyof SessionMethodResults> {
  const sd = () => core.sessionsDomain
  return {
    'targets.listKubectl': () => sd().listKubectl(),
    'targets.listPsql': () => sd().listPsql(),
    'targets.saveKubectl': (p) => sd().saveKubectl(p),
    'targets.savePsql': (p) => sd().savePsql(p),
    'targets.removeService': ({ id }) => sd().removeService(id),
    'targets.kubeContexts': ({ kubeconfigPath }) => sd().kubeContexts(kubeconfigPath),
    'targets.kubeNamespaces': ({ targetId }) => sd().kubeNamespaces(targetId),
    'targets.kubePods': ({ targetId, namespace }) => sd().kubePods(targetId, namespace),
    'sessions.openKubectl': (p) => sd().openKubectl(p),
    'sessions.openPsql': (p) => sd().openPsql(p),
    'sessions.broadcastLine': (p) => sd().broadcastLine(p),
    'sessions.setBroadcastTargets': ({ sessionIds }) => sd().setBroadcastTargets(sessionIds),
    'sessions.recordings': ({ incidentId, limit }) => sd().recordings(incidentId, limit),
    'sessions.recording': ({ sessionId, afterId, maxBytes }) =>
      sd().recording(sessionId, afterId, maxBytes),
  }
}
