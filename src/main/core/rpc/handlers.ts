// The one table of handlers for every contract method. Both shells bind it: Electron to
// ipcMain, headless mode to the WebSocket bridge. Parameters are validated here, in main,
// because the renderer displays untrusted remote text and must not be trusted either.
import {
  isMethodName,
  paramSchemas,
  type MethodName,
  type ParsedParams,
  type ReplyMessage,
  type Result,
} from '../../../shared/contract'
import type { Core } from '../core'
import { SitrepError, toContractError } from '../errors'
import type { Viewer } from '../sessions/session'
import { metricsHandlers } from './metricsHandlers'
import { runbookHandlers } from './runbookHandlers'
import { sessionHandlers } from './sessionHandlers'
import { exportHandlers } from './exportHandlers'

export interface CallContext {
  /** The window or connection that called, so session output can be sent back to it. */
  viewer: Viewer
}

export type Handlers = {
  [M in MethodName]: (params: ParsedParams<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>
}

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
    'targets.saveSsh': (p) => {
      const saved = core.data.require().targets.saveSsh(p)
      // A changed address or password must not keep using the old connection.
      core.ssh.forget(saved.id)
      core.events.emit('targets.changed', core.data.require().targets.list())
      return saved
    },
    'targets.remove': ({ id }) => {
      const removed = core.data.require().targets.remove(id)
      core.ssh.forget(id)
      core.events.emit('targets.changed', core.data.require().targets.list())
      return { removed }
    },
    'targets.importSshConfig': ({ text }) => core.importSshConfig(text),
    'hostKeys.answer': ({ requestId, trust }) => core.answerHostKey(requestId, trust),
    'sessions.list': () => core.sessions.list(),
    'sessions.lost': () => core.lostSessions(),
    'sessions.openSsh': (p) => core.sessions.openSsh(p),
    'sessions.openLocal': (p) => core.sessions.openLocal(p),
    'sessions.attach': ({ sessionId }, ctx) => core.sessions.attach(ctx.viewer, sessionId),
    'sessions.resize': ({ sessionId, cols, rows }) => {
      const s = core.sessions.get(sessionId)
      s.resize(cols, rows)
      return s.info
    },
    'sessions.close': ({ sessionId }) => core.sessions.close(sessionId),
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

class UnknownMethodError extends SitrepError {
  constructor(method: unknown) {
    super(
      'unknown_method',
      // Only a string is quoted: String() of a hostile object can throw ({toString: false}).
      typeof method === 'string'
        ? `There is no method called ${JSON.stringify(method).slice(0, 80)}.`
        : `A method name must be a string, not ${method === null ? 'null' : typeof method}.`,
    )
  }
}

/** Validates and runs one call; never throws: every failure becomes an error reply. */
export async function dispatch(
  handlers: Handlers,
  id: number,
  method: unknown,
  params: unknown,
  ctx: CallContext,
): Promise<ReplyMessage> {
  try {
    if (!isMethodName(method)) throw new UnknownMethodError(method)
    const parsed = paramSchemas[method].safeParse(params ?? {})
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      const where = first?.path.length ? ` (${first.path.join('.')})` : ''
      return {
        id,
        ok: false,
        error: {
          code: 'invalid_params',
          message: `Invalid parameters for ${method}${where}: ${first?.message ?? 'rejected'}`,
        },
      }
    }
    const handler = handlers[method] as (p: unknown, c: CallContext) => unknown
    return { id, ok: true, result: await handler(parsed.data, ctx) }
  } catch (err) {
    return { id, ok: false, error: toContractError(err) }
  }
}
