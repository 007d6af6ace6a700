// The export methods through dispatch, as the renderer calls them: headless mode never writes
// where a page asks, bad team patterns get a clear message, postmortems save and validate.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { ExportResult, PostmortemView } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/tempDir'
import { buildFixture, type Fixture } from './fixture'

const viewer = { id: 'test', sendFrame: () => undefined }
let fx: Fixture | null = null
afterEach(() => {
  fx?.core.close()
  fx = null
})

describe('export over the contract', () => {
  it('writes under <dataDir>/exports, and refuses a path a page sends', async () => {
    fx = buildFixture({ secrets: false })
    const h = createHandlers(fx.core)
    const elsewhere = join(tempDir(), 'stolen.md')
    const refused = await dispatch(
      h,
      0,
      'export.run',
      { incidentId: fx.incident.id, format: 'markdown', path: elsewhere },
      { viewer },
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_params' } })
    const reply = await dispatch(
      h,
      1,
      'export.run',
      { incidentId: fx.incident.id, format: 'markdown', inline: true },
      { viewer },
    )
    expect(reply.ok).toBe(true)
    const result = (reply as { result: ExportResult }).result
    expect(result.files[0]!.path.startsWith(join(fx.dataDir, 'exports'))).toBe(true)
    expect(existsSync(elsewhere)).toBe(false)
    expect(result.content).toContain('# Postmortem: API 5xx')
    expect(
      await dispatch(h, 2, 'export.cancel', { exportId: 'nothing-running' }, { viewer }),
    ).toMatchObject({
      ok: true,
      result: { cancelled: false },
    })
  })

  it('refuses a team pattern that is not a regular expression, and saves valid ones', async () => {
    fx = buildFixture({ secrets: false })
    const h = createHandlers(fx.core)
    const bad = await dispatch(
      h,
      1,
      'export.setPatterns',
      { patterns: [{ name: 'ticket', pattern: '(' }] },
      { viewer },
    )
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_params',
        message: expect.stringMatching(/"ticket" is not a valid regular expression/),
      },
    })
    const good = await dispatch(
      h,
      2,
      'export.setPatterns',
      { patterns: [{ name: 'ticket', pattern: 'INC-\\d+' }] },
      { viewer },
    )
    expect(good.ok).toBe(true)
    expect(await dispatch(h, 3, 'export.patterns', {}, { viewer })).toMatchObject({
      ok: true,
      result: [{ name: 'ticket', pattern: 'INC-\\d+' }],
    })
  })

  it('saves a postmortem and refuses malformed fields', async () => {
    fx = buildFixture({ secrets: false })
    const h = createHandlers(fx.core)
    const got = await dispatch(
      h,
      1,
      'postmortem.get',
      { incidentId: fx.incident.id, lang: 'ja' },
      { viewer },
    )
    const view = (got as { result: PostmortemView }).result
    expect(view.saved).toBe(false)
    expect(view.facts.mttdMs).toBe(10 * 60_000)
    expect(view.fields.initialResponse).toContain('Check connection count')
    const fields = {
      ...view.fields,
      actionItems: [{ title: '接続上限の監視', owner: 'yuki', due: '2024-02-01', done: false }],
    }
    const saved = await dispatch(
      h,
      2,
      'postmortem.save',
      { incidentId: fx.incident.id, lang: 'ja', fields, actor: 'aiko' },
      { viewer },
    )
    expect(saved).toMatchObject({ ok: true, result: { saved: true } })
    expect((saved as { result: PostmortemView }).result.markdown).toContain(
      '| 接続上限の監視 | yuki | 2024-02-01 |',
    )
    const bad = await dispatch(
      h,
      3,
      'postmortem.save',
      {
        incidentId: fx.incident.id,
        lang: 'ja',
        fields: {
          ...fields,
          actionItems: [{ title: 'x', owner: '', due: 'tomorrow', done: false }],
        },
      },
      { viewer },
    )
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_params' } })
  })
})
