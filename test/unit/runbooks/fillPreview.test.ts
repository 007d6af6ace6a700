// What a step shows next to its Run button (runbooks.fillPreview): the text exactly as a run
// would fill it, what is still missing, or why a value is refused; never saved, never run.
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { MethodName, Params, Result } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'

const RUNBOOK = [
  '---',
  'id: preview',
  'title: Preview',
  '---',
  '# Preview',
  '',
  '- [ ] Logs',
  '  ```bash {name=logs}',
  '  journalctl -u <service> --since "{{since}}"',
  '  ```',
  '',
].join('\n')

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

describe('runbooks.fillPreview', () => {
  it('shows the filled text, the missing values, a refused value, and saves nothing', async () => {
    core = startTestCore()
    const handlers = createHandlers(core)
    let n = 0
    const call = async <M extends MethodName>(m: M, p: Params<M>): Promise<Result<M>> => {
      const r = await dispatch(handlers, ++n, m, p, { viewer: { id: 't', sendFrame: () => {} } })
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.result as Result<M>
    }
    const incidentId = core.incidents().incidents.declare({
      title: 'api slow',
      severity: 'P3',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
    await call('runbooks.importText', { text: RUNBOOK, source: 'preview.md' })
    const view = await call('runbooks.startForIncident', {
      incidentId,
      runbookId: 'en/preview',
      actor: 'aiko',
    })
    const commandId = view.runbooks[0]?.document.sections[0]?.steps[0]?.commands[0]?.id ?? ''
    const preview = (values?: Record<string, string>) =>
      call('runbooks.fillPreview', {
        incidentId,
        runbookId: 'en/preview',
        commandId,
        ...(values ? { values } : {}),
      })

    expect(await preview()).toEqual({ text: null, missing: ['service', 'since'], error: null })
    expect(await preview({ service: 'api' })).toMatchObject({ missing: ['since'] })
    const filled = await preview({ service: 'api', since: '10 min ago' })
    expect(filled.error).toBeNull()
    expect(filled.text).toContain('journalctl -u api --since "10 min ago"')
    // A value that would become a flag is refused, with the reason, before anything runs.
    const flag = await preview({ service: '--since=yesterday', since: '1h' })
    expect(flag.text).toBeNull()
    expect(flag.error).toMatch(/-/)
    // Nothing was remembered for the incident.
    expect((await call('runbooks.forIncident', { incidentId })).parameters).toEqual({})
  })
})
