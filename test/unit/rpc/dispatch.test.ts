// Every method refuses malformed payloads with a clear error and no state change.
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { methodNames, paramSchemas } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/tempDir'

const viewer = { id: 'test', sendFrame: () => undefined }

describe('dispatch', () => {
  it('refuses unknown methods and malformed params for every method', async () => {
    const core = new Core({
      dataDir: tempDir(),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
    })
    core.start()
    const handlers = createHandlers(core)
    const unknown = await dispatch(handlers, 1, 'fs.readFile', {}, { viewer })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    const hostile = [
      null,
      42,
      'x',
      [1, 2],
      { cols: -1, rows: 1e9 },
      { sessionId: '' },
      { __proto__: { a: 1 } },
    ]
    for (const method of methodNames) {
      for (const params of hostile) {
        const reply = await dispatch(handlers, 2, method, params, { viewer })
        if (reply.ok) {
          // Only methods that need no parameters may accept an empty-ish payload; the list of
          // them is read from the contract so a new method cannot slip through unlisted.
          expect(paramSchemas[method].safeParse({}).success, method).toBe(true)
          expect([null, hostile[6]], method).toContain(params)
        } else {
          expect(reply.error.code).toMatch(/invalid_params|not_found/)
          expect(reply.error.message.length).toBeGreaterThan(10)
        }
      }
    }
    expect(core.sessions.list()).toEqual([])
    core.close()
  })

  it('reports a missing database clearly instead of crashing', async () => {
    const dir = tempDir()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(`${dir}/sitrep.db`, 'not a database')
    const core = new Core({ dataDir: dir, shell: 'headless', version: 't', backupIntervalMs: 0 })
    expect(core.start().state).toBe('unavailable')
    const reply = await dispatch(
      createHandlers(core),
      1,
      'sessions.openLocal',
      { cols: 80, rows: 24 },
      { viewer },
    )
    expect(reply).toMatchObject({ ok: false, error: { code: 'store_unavailable' } })
    core.close()
  })
})
