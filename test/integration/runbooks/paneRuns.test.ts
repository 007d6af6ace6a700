// Running a runbook command "in the pane": the text is typed into an open local shell, shows up
// in its output like anything the responder types, and the run is on the timeline without an
// exit code (nothing ticks itself). Pane runs need panes as targets, captured runs need hosts.
import { afterEach, describe, expect, it } from 'vitest'
import { decodeFrame, FrameKind } from '../../../src/shared/contract'
import { startCore, type CoreUnderTest } from '../../unit/runbooks/coreSetup'

let t: CoreUnderTest | null = null
afterEach(() => {
  t?.core.sessions.closeAll()
  t?.core.close()
  t = null
})

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const RUNBOOK =
  '---\nid: pane\n---\n# Pane\n- [ ] Greet\n  ```bash\n  echo pane-$((6*7)) <who>\n  ```\n'

describe('runbook commands typed into a pane', () => {
  it('types the filled command into the shell and records the run', async () => {
    t = startCore()
    const x = t
    await x.call('runbooks.importText', { text: RUNBOOK, source: 'pane.md' })
    const view = await x.call('runbooks.startForIncident', {
      incidentId: x.incidentId,
      runbookId: 'en/pane',
    })
    const step = view.runbooks[0]?.document.sections[0]?.steps[0]
    const commandId = step?.commands[0]?.id ?? ''
    const info = x.core.sessions.openLocal({ cols: 80, rows: 24, incidentId: x.incidentId })
    let text = ''
    x.core.sessions.attach(
      {
        id: 'v',
        sendFrame: (f) => {
          const frame = decodeFrame(f)
          if (frame?.kind === FrameKind.Output) text += Buffer.from(frame.payload).toString()
        },
      },
      info.id,
    )
    const req = {
      incidentId: x.incidentId,
      runbookId: 'en/pane',
      commandId,
      values: { who: 'sre team' },
    }
    const wrongMode = await x.fail('runbooks.run', {
      ...req,
      mode: 'pane',
      targets: [{ kind: 'local' }],
    })
    expect(wrongMode.message).toMatch(/needs open panes as targets/)
    const wrongTarget = await x.fail('runbooks.run', {
      ...req,
      targets: [{ kind: 'pane', sessionId: info.id }],
    })
    expect(wrongTarget.message).toMatch(/only when running in the pane/)

    const run = await x.call('runbooks.run', {
      ...req,
      mode: 'pane',
      targets: [{ kind: 'pane', sessionId: info.id }],
    })
    expect(run).toMatchObject({ ok: true, mode: 'pane', command: "echo pane-$((6*7)) 'sre team'" })
    expect(run.targets[0]).toMatchObject({ name: info.title, kind: 'pane', exitCode: null })
    await until(() => /pane-42 sre team/.test(text), 'the typed command to run in the shell')

    const after = await x.call('runbooks.forIncident', { incidentId: x.incidentId })
    expect(after.runbooks[0]?.ticks[step?.id ?? '']).toBeUndefined()
    const kinds = x.core.data
      .require()
      .timeline.list(x.incidentId, { limit: 100 })
      .map((e) => e.kind)
    expect(kinds).toContain('command.ran')
    expect(kinds).not.toContain('checklist.ticked')
  })
})
