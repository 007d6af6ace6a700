// A real Core on a temp data folder with one declared incident, for the runbook library,
// checklist and runner tests. Calls go through dispatch(), as the renderer's do.
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { ContractError, MethodName, Params, Result } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'

export interface CoreUnderTest {
  core: Core
  incidentId: string
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  /** The contract error a call fails with (fails the test if it succeeds). */
  fail<M extends MethodName>(method: M, params: Params<M>): Promise<ContractError>
}

export function startCore(): CoreUnderTest {
  const core = startTestCore()
  const incident = core.incidents().incidents.declare({
    title: 'DB 接続エラー',
    severity: 'P1',
    services: ['api', 'postgres'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    description: '',
    actor: 'aiko',
  })
  const handlers = createHandlers(core)
  const viewer = { id: 'test', sendFrame: () => undefined }
  let n = 0
  const call = async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
    const reply = await dispatch(handlers, ++n, method, params, { viewer })
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`)
    return reply.result as Result<M>
  }
  const fail = async <M extends MethodName>(method: M, params: Params<M>) => {
    const reply = await dispatch(handlers, ++n, method, params, { viewer })
    if (reply.ok) throw new Error(`${method} succeeded but should have failed`)
    return reply.error
  }
  return { core, incidentId: incident.id, call, fail }
}
