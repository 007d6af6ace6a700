// The one table of handlers for every contract method, gathered from one file per domain (each
// a list of one-line calls into that domain's facade). Both shells bind it (Electron to ipcMain,
// headless mode to the WebSocket bridge) through dispatch(), which validates the parameters in
// main: the renderer displays untrusted remote text and must not be trusted either.
import type { Core } from '../core'
import { appHandlers } from './app'
import { awsHandlers } from './aws'
import { exportHandlers } from './export'
import type { Handlers } from './handlerTypes'
import { incidentHandlers } from './incidents'
import { metricsHandlers } from './metrics'
import { notifyHandlers } from './notify'
import { redisHandlers } from './redis'
import { runbookHandlers } from './runbooks'
import { sessionHandlers } from './sessions'
import { targetHandlers } from './targets'
import { teamHandlers } from './team'

export { dispatch } from './dispatch'
export type { CallContext, Handlers } from './handlerTypes'

export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...incidentHandlers(core),
    ...targetHandlers(core),
    ...sessionHandlers(core),
    ...runbookHandlers(core),
    ...metricsHandlers(core),
    ...awsHandlers(core),
    ...redisHandlers(core),
    ...exportHandlers(core),
    ...teamHandlers(core),
    ...notifyHandlers(core),
  }
}
