// The one table of handlers for every contract method. Both shells bind it (Electron to ipcMain,
// headless mode to the WebSocket bridge) through dispatch(), which validates the parameters in
// main: the renderer displays untrusted remote text and must not be trusted either.
import type { Core } from '../core'
import type { Handlers } from './handlerTypes'
import { metricsHandlers } from './metricsHandlers'
import { runbookHandlers } from './runbookHandlers'
import { sessionHandlers } from './sessionHandlers'
import { exportHandlers } from './exportHandlers'

export { dispatch } from './dispatch'
export type { CallContext, Handlers } from './handlerTypes'

export function createHandlers(core: Core): Handlers {
  return {
    'app.info': () => ({
      version: core.opts.version,
      shell: core.opts.shell,
      dataDir: core.opts.dataDir,
      platform: process.platform,
    }),
    'store.status': () => core.data.status(),
    'store.openBackup': ({ file }) => core.openBackup(file),
    'store.startNew': () => core.startNew(),
    'store.backupNow': () => core.data.backupNow(),
    'timeline.list': ({ incidentId, beforeSeq, limit }) =>
      core.data.require().timeline.list(incidentId, { beforeSeq, limit }),
    'timeline.verify': ({ incidentId }) => core.data.require().timeline.verify(incidentId),
    'targets.list': () => core.data.require().targets.list(),
    'targets.saveSsh': (p) => core.sessionsDomain.saveSsh(p),
    'targets.remove': ({ id }) => core.sessionsDomain.removeSsh(id),
    'targets.importSshConfig': ({ text }) => core.importSshConfig(text),
    'hostKeys.answer': ({ requestId, trust }) => core.answerHostKey(requestId, trust),
    'sessions.list': () => core.sessionsDomain.list(),
    'sessions.lost': () => core.lostSessions(),
    'sessions.openSsh': (p) => core.sessionsDomain.openSsh(p),
    'sessions.openLocal': (p) => core.sessionsDomain.openLocal(p),
    'sessions.attach': ({ sessionId }, ctx) => core.sessionsDomain.attach(ctx.viewer, sessionId),
    'sessions.resize': ({ sessionId, cols, rows }) =>
      core.sessionsDomain.resize(sessionId, cols, rows),
    'sessions.close': ({ sessionId }) => core.sessionsDomain.close(sessionId),
    'incidents.declare': (p) => core.incidents().incidents.declare(p),
    'incidents.get': ({ incidentId }) => core.incidents().incidents.get(incidentId),
    'incidents.list': (q) => core.incidents().incidents.list(q),
    'incidents.changeSeverity': ({ incidentId, ...p }) =>
      core.incidents().incidents.changeSeverity(incidentId, p),
    'incidents.changeStatus': ({ incidentId, ...p }) =>
      core.incidents().incidents.changeStatus(incidentId, p),
    'incidents.reopen': ({ incidentId, ...p }) => core.incidents().incidents.reopen(incidentId, p),
    'incidents.update': ({ incidentId, ...p }) => core.incidents().incidents.update(incidentId, p),
    'incidents.assignRole': ({ incidentId, ...p }) =>
      core.incidents().incidents.assignRole(incidentId, p),
    'incidents.changeResponders': ({ incidentId, ...p }) =>
      core.incidents().incidents.changeResponders(incidentId, p),
    'incidents.addNote': ({ incidentId, ...p }) =>
      core.incidents().incidents.addNote(incidentId, p),
    'incidents.setPinned': ({ incidentId, ...p }) =>
      core.incidents().incidents.setPinned(incidentId, p),
    'incidents.amend': ({ incidentId, ...p }) => core.incidents().incidents.amend(incidentId, p),
    'incidents.draftStatusUpdate': ({ incidentId, ...p }) =>
      core.incidents().draftStatusUpdate(incidentId, p),
    'incidents.postStatusUpdate': ({ incidentId, ...p }) =>
      core.incidents().incidents.postStatusUpdate(incidentId, p),
    'incidents.timers': ({ incidentId }) => core.incidents().timers.upcoming(incidentId),
    'incidents.suggestSeverity': (a) => core.incidents().suggestSeverity(a),
    'incidents.settings': () => core.incidents().settingsView(),
    'incidents.setSeverityScheme': ({ scheme }) => core.incidents().setSeverityScheme(scheme),
    'incidents.setTimerPolicy': ({ policy }) => core.incidents().setTimerPolicy(policy),
    'incidents.setImpactThresholds': ({ thresholds }) =>
      core.incidents().setImpactThresholds(thresholds),
    'incidents.kpis': (range) => core.incidents().kpis(range),
    'incidents.incidentKpis': ({ incidentId }) => core.incidents().incidentKpis(incidentId),
    ...runbookHandlers(core),
    ...metricsHandlers(core),
    ...sessionHandlers(core),
    ...exportHandlers(core),
  }
}
