// Handlers of the targets.* methods: SSH hosts (and ssh config import), kubectl contexts and psql
// databases. One-line calls into the sessions domain's facade (sessions/domain.ts): saving a host
// drops its pooled connection, a kubectl context is checked against its kubeconfig, and both
// announce the change. targets/ itself is a foundation below the domains and knows none of that.
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function targetHandlers(core: Core): HandlersOf<'targets'> {
  const sd = () => core.sessionsDomain
  return {
    'targets.list': () => sd().listSsh(),
    'targets.saveSsh': (p) => sd().saveSsh(p),
    'targets.remove': ({ id }) => sd().removeSsh(id),
    'targets.importSshConfig': ({ text }) => sd().importSshConfig(text),
    'targets.listKubectl': () => sd().listKubectl(),
    'targets.listPsql': () => sd().listPsql(),
    'targets.saveKubectl': (p) => sd().saveKubectl(p),
    'targets.savePsql': (p) => sd().savePsql(p),
    'targets.removeService': ({ id }) => sd().removeService(id),
    'targets.kubeContexts': ({ kubeconfigPath }) => sd().kubeContexts(kubeconfigPath),
    'targets.kubeNamespaces': ({ targetId }) => sd().kubeNamespaces(targetId),
    'targets.kubePods': ({ targetId, namespace }) => sd().kubePods(targetId, namespace),
  }
}
