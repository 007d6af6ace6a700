// Commands that open an interactive session (psql without -c, oc rsh POD, ssh host, sudo -i…)
// cannot run captured: there is no keyboard, so they would wait until the timeout. Core says so
// before anything starts and points at Type into panes; in a pane they are typed as usual.
import { afterEach, describe, expect, it } from 'vitest'
import { startCore, type CoreUnderTest } from './coreSetup'

const RUNBOOK = `---
id: sessions
---
# Sessions

- [ ] Open the database
  \`\`\`bash {name=psql}
  psql -h db.internal -U app
  \`\`\`
- [ ] Shell in the pod
  \`\`\`bash {name=rsh}
  echo checking
  oc rsh api-0
  \`\`\`
`

let t: CoreUnderTest | null = null
afterEach(() => {
  t?.core.sessions.closeAll()
  t?.core.close()
  t = null
})

describe('session-opening commands', () => {
  it('are named at import and refused in captured mode with the way to run them', async () => {
    t = startCore()
    const x = t
    await x.call('runbooks.importText', { text: RUNBOOK, source: 'sessions.md' })
    const view = await x.call('runbooks.startForIncident', {
      incidentId: x.incidentId,
      runbookId: 'en/sessions',
    })
    const commands = view.runbooks[0]?.document.sections[0]?.steps.flatMap((s) => s.commands) ?? []
    expect(commands.map((c) => c.danger.sessions.map((s) => s.command))).toEqual([
      ['psql -h db.internal -U app'],
      ['oc rsh api-0'],
    ])
    for (const c of commands) {
      const refused = await x.fail('runbooks.run', {
        incidentId: x.incidentId,
        runbookId: 'en/sessions',
        commandId: c.id,
        targets: [{ kind: 'local' }],
        confirmation: { by: 'aiko', targets: ['local'] },
      })
      expect(refused.code).toBe('invalid_params')
      expect(refused.message).toMatch(/opens an interactive .*Type into panes/)
    }
    // The second block's session opener is on its second line (file line 13).
    const rsh = await x.fail('runbooks.run', {
      incidentId: x.incidentId,
      runbookId: 'en/sessions',
      commandId: commands[1]?.id ?? '',
      targets: [{ kind: 'local' }],
      confirmation: { by: 'aiko', targets: ['local'] },
    })
    expect(rsh.message).toMatch(/^Line 13: oc rsh api-0/)
    const pane = x.core.sessions.openLocal({ cols: 80, rows: 24, incidentId: x.incidentId })
    const typed = await x.call('runbooks.run', {
      incidentId: x.incidentId,
      runbookId: 'en/sessions',
      commandId: commands[0]?.id ?? '',
      targets: [{ kind: 'pane', sessionId: pane.id }],
      mode: 'pane',
      confirmation: { by: 'aiko', targets: [pane.title] },
    })
    expect(typed).toMatchObject({ ok: true, mode: 'pane' })
  })
})
