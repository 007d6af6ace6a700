// Handlers for kubectl and psql targets and sessions, broadcast lines on the timeline, and
// recordings for the replay view.
import type { Core } from '../core'
import { InvalidParamsError } from '../errors'
import { LOCAL_PTY_LIMITS } from '../sessions/flowControl'
import { defaultKubeconfigPath, readKubeconfig } from '../sessions/kubectl/kubeconfig'
import { listNamespaces, listPods } from '../sessions/kubectl/kubectlCommand'
import { openKubectlSource, openPsqlSource } from '../sessions/toolSessions'
import { listRecordings, readRecording } from '../sessions/recordings'
import { ServiceTargets, startsReadOnly } from '../targets/serviceTargets'
import type { SessionMethodResults } from '../../../shared/contract'
import type { Handlers } from './handlerTypes'

function services(core: Core): ServiceTargets {
  const store = core.data.require()
  return new ServiceTargets(store.db, store.secrets)
}

function announce(core: Core): void {
  const st = services(core)
  core.events.emit('serviceTargets.changed', { kubectl: st.listKubectl(), psql: st.listPsql() })
}

export function sessionHandlers(core: Core): Pick<Handlers, keyof SessionMethodResults> {
  return {
    'targets.listKubectl': () => services(core).listKubectl(),
    'targets.listPsql': () => services(core).listPsql(),
    'targets.saveKubectl': (p) => {
      // The context must exist now: a typo found at 3 a.m. when the session opens is too late.
      const view = readKubeconfig(p.kubeconfigPath ?? defaultKubeconfigPath())
      if (!view.contexts.some((c) => c.name === p.context)) {
        throw new InvalidParamsError(
          `${view.path} has no context called ${p.context}. It has: ${view.contexts.map((c) => c.name).join(', ')}.`,
        )
      }
      const saved = services(core).saveKubectl(p)
      announce(core)
      return saved
    },
    'targets.savePsql': (p) => {
      const saved = services(core).savePsql(p)
      announce(core)
      return saved
    },
    'targets.removeService': ({ id }) => {
      const removed = services(core).remove(id)
      announce(core)
      return { removed }
    },
    'targets.kubeContexts': ({ kubeconfigPath }) =>
      readKubeconfig(kubeconfigPath ?? defaultKubeconfigPath()),
    'targets.kubeNamespaces': ({ targetId }) => listNamespaces(services(core).kubectl(targetId)),
    'targets.kubePods': ({ targetId, namespace }) =>
      listPods(services(core).kubectl(targetId), namespace),

    'sessions.openKubectl': (p) => {
      const target = services(core).kubectl(p.targetId)
      const { title, source } = openKubectlSource(target, p, p.cols, p.rows)
      return core.sessions.register('kubectl', title, target.id, source, LOCAL_PTY_LIMITS, {
        ...p,
        reopen: {
          kind: 'kubectl',
          mode: p.mode,
          ...(p.namespace ? { namespace: p.namespace } : {}),
          ...(p.pod ? { pod: p.pod } : {}),
          ...(p.container ? { container: p.container } : {}),
        },
      }).info
    },
    'sessions.openPsql': async (p) => {
      const store = core.data.require()
      const st = services(core)
      const target = st.psql(p.targetId)
      const readOnlyByDefault = startsReadOnly(target)
      if (p.allowWrites && readOnlyByDefault && !p.writeReason) {
        throw new InvalidParamsError(
          `${target.name} is read-only by default (production). Say why you need to write: the reason goes on the timeline. Have someone review the change and take a backup first.`,
        )
      }
      const readOnly = readOnlyByDefault && !p.allowWrites
      const { title, source } = await openPsqlSource(target, st.psqlPassword(target.id), {
        readOnly,
        tunnel: (sshTargetId, host, port) => core.ssh.tunnel(sshTargetId, host, port),
        sshName: (id) => store.targets.get(id).name,
        cols: p.cols,
        rows: p.rows,
      })
      const session = core.sessions.register('psql', title, target.id, source, LOCAL_PTY_LIMITS, {
        ...p,
        reopen: { kind: 'psql' },
      })
      if (readOnlyByDefault && !readOnly && p.incidentId) {
        store.timeline.append(p.incidentId, {
          kind: 'psql.writesEnabled',
          payload: {
            sessionId: session.info.id,
            session: session.info.title,
            reason: p.writeReason ?? '',
          },
        })
      }
      return session.info
    },

    'sessions.broadcastLine': ({ incidentId, text, sessionIds }) => {
      const sessions = sessionIds.map((id) => core.sessions.get(id))
      // A line typed at any target's password prompt is a password: never on the timeline.
      if (sessions.some((s) => s.lineWasSecret(text))) return { recorded: false }
      core.data.require().timeline.append(incidentId, {
        kind: 'broadcast.line',
        payload: {
          text,
          sessionIds,
          sessions: sessions.map((s) => s.info.title),
          count: sessions.length,
        },
      })
      return { recorded: true }
    },
    'sessions.setBroadcastTargets': ({ sessionIds }) => ({
      sessionIds: core.sessions.setBroadcastTargets(sessionIds),
    }),
    'sessions.recordings': ({ incidentId, limit }) =>
      listRecordings(core.data.require().db, incidentId, limit),
    'sessions.recording': ({ sessionId, afterId, maxBytes }) =>
      readRecording(core.data.require().db, sessionId, afterId, maxBytes),
  }
}
