// Handlers of the sessions.* and hostKeys.* methods: terminals of every kind, broadcast lines,
// recordings, sessions a restart lost, host key answers. One-line calls into the sessions
// domain's facade (sessions/domain.ts), where the rules live.
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function sessionHandlers(core: Core): HandlersOf<'sessions' | 'hostKeys'> {
  const sd = () => core.sessionsDomain
  return {
    'sessions.list': () => sd().list(),
    'sessions.lost': () => sd().lost(),
    'sessions.openSsh': (p) => sd().openSsh(p),
    'sessions.openLocal': (p) => sd().openLocal(p),
    'sessions.openKubectl': (p) => sd().openKubectl(p),
    'sessions.openPsql': (p) => sd().openPsql(p),
    'sessions.attach': ({ sessionId }, ctx) => sd().attach(ctx.viewer, sessionId),
    'sessions.resize': ({ sessionId, cols, rows }) => sd().resize(sessionId, cols, rows),
    'sessions.close': ({ sessionId }) => sd().close(sessionId),
    'sessions.broadcastLine': (p) => sd().broadcastLine(p),
    'sessions.setBroadcastTargets': ({ sessionIds }) => sd().setBroadcastTargets(sessionIds),
    'sessions.recordings': ({ incidentId, limit }) => sd().recordings(incidentId, limit),
    'sessions.recording': ({ sessionId, afterId, maxBytes }) =>
      sd().recording(sessionId, afterId, maxBytes),
    'hostKeys.answer': ({ requestId, trust }) => sd().answerHostKey(requestId, trust),
  }
}
