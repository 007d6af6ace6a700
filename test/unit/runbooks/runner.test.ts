// The step runner on this machine (captured local exec through a plain bash): placeholder values
// remembered per incident, the confirmation rule enforced by core, run-all stopping at the first
// failure, automatic ticks, hand ticks with comments, and excerpts vs. full output.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EXCERPT_BYTES } from '../../../src/main/core/runbooks/runner'
import { startCore, type CoreUnderTest } from './coreSetup'

type WithIds = CoreUnderTest & { ids: Record<string, string> }
let t: WithIds | null = null
afterEach(() => {
  t?.core.close()
  t = null
})

const RUNBOOK = `---
id: runner-test
---
# Checks

- [ ] Say hello to the service
  \`\`\`bash
  echo "hello [SERVICE_NAME]" && echo to-stderr >&2
  \`\`\`
- [ ] Fail on purpose
  \`\`\`bash
  echo before-fail; exit 3
  \`\`\`
- [ ] Never reached
  \`\`\`bash {name=after}
  echo after-fail
  \`\`\`

# Cleanup

- [ ] Remove the marker
  \`\`\`bash
  rm -f <marker_file>
  \`\`\`
- [ ] Big output
  \`\`\`bash
  head -c 100000 /dev/zero | tr '\\0' 'x'
  \`\`\`
`

async function setup(): Promise<WithIds> {
  const x = startCore()
  await x.call('runbooks.importText', { text: RUNBOOK, source: 'runner.md' })
  const view = await x.call('runbooks.startForIncident', {
    incidentId: x.incidentId,
    runbookId: 'en/runner-test',
    actor: 'aiko',
  })
  const doc = view.runbooks[0]?.document
  const ids: Record<string, string> = {}
  for (const sec of doc?.sections ?? []) {
    ids[sec.title] = sec.id
    for (const st of sec.steps) {
      ids[st.text] = st.id
      ids[`cmd:${st.text}`] = st.commands[0]?.id ?? ''
    }
  }
  return { ...x, ids }
}

const events = (x: CoreUnderTest, kind: string) =>
  x.core.data
    .require()
    .timeline.list(x.incidentId, { limit: 500 })
    .filter((e) => e.kind === kind)

describe('step runner on this machine', () => {
  it('fills remembered parameters, captures output and exit code, ticks the step', async () => {
    t = await setup()
    const x = t
    const base = { incidentId: x.incidentId, runbookId: 'en/runner-test' }
    const missing = await x.fail('runbooks.run', {
      ...base,
      commandId: x.ids['cmd:Say hello to the service'] ?? '',
      targets: [{ kind: 'local' }],
    })
    expect(missing).toMatchObject({ code: 'invalid_params' })
    expect(missing.message).toMatch(/Fill in SERVICE_NAME/)
    expect(events(x, 'command.ran')).toHaveLength(0)

    await x.call('runbooks.setParameters', {
      incidentId: x.incidentId,
      values: { SERVICE_NAME: "api's gateway" },
    })
    const run = await x.call('runbooks.run', {
      ...base,
      commandId: x.ids['cmd:Say hello to the service'] ?? '',
      targets: [{ kind: 'local' }],
      actor: 'aiko',
    })
    expect(run.command).toBe(`echo "hello api's gateway" && echo to-stderr >&2`)
    expect(run.ok).toBe(true)
    expect(run.targets).toHaveLength(1)
    expect(run.targets[0]).toMatchObject({
      name: 'local',
      stdout: "hello api's gateway\n",
      stderr: 'to-stderr\n',
      exitCode: 0,
      error: null,
    })
    expect(run.targets[0]?.durationMs).toBeGreaterThanOrEqual(0)

    const [ran] = events(x, 'command.ran')
    expect(ran?.uid).toBe(run.eventUid)
    expect(ran?.payload).toMatchObject({
      runId: run.id,
      runbookId: 'en/runner-test',
      stepId: x.ids['Say hello to the service'],
      command: run.command,
      dangerous: false,
      confirmedBy: null,
      targets: [
        { name: 'local', exitCode: 0, output: "hello api's gateway\n\n[stderr]\nto-stderr\n" },
      ],
    })
    const [tick] = events(x, 'checklist.ticked')
    expect(tick?.payload).toMatchObject({ auto: true, runId: run.id })

    const view = await x.call('runbooks.forIncident', { incidentId: x.incidentId })
    expect(view.parameters).toEqual({ SERVICE_NAME: "api's gateway" })
    const rb = view.runbooks[0]
    expect(rb?.ticks[x.ids['Say hello to the service'] ?? '']).toMatchObject({
      checked: true,
      auto: true,
      by: 'aiko',
    })
    expect(rb?.lastRuns[run.commandId]?.id).toBe(run.id)
  })

  it('refuses a dangerous command without a confirmation naming every target', async () => {
    t = await setup()
    const x = t
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-rm-'))
    const marker = join(dir, 'marker')
    writeFileSync(marker, 'x')
    const req = {
      incidentId: x.incidentId,
      runbookId: 'en/runner-test',
      commandId: x.ids['cmd:Remove the marker'] ?? '',
      targets: [{ kind: 'local' as const }],
      values: { marker_file: marker },
    }
    const refused = await x.fail('runbooks.run', req)
    expect(refused.code).toBe('confirmation_required')
    expect(refused.message).toMatch(/deletes files/)
    expect(refused.message).toMatch(/Targets: local/)
    const wrong = await x.fail('runbooks.run', {
      ...req,
      confirmation: { by: 'aiko', targets: ['web-1'] },
    })
    expect(wrong.code).toBe('confirmation_required')
    expect(existsSync(marker)).toBe(true)
    expect(events(x, 'command.ran')).toHaveLength(0)

    const run = await x.call('runbooks.run', {
      ...req,
      confirmation: { by: 'aiko', targets: ['local'] },
    })
    expect(run).toMatchObject({ ok: true, dangerous: true, confirmedBy: 'aiko' })
    expect(existsSync(marker)).toBe(false)
    expect(events(x, 'command.ran')[0]?.payload).toMatchObject({
      dangerous: true,
      confirmedBy: 'aiko',
    })
  })

  it('asks on production for anything not read-only, before connecting to anything', async () => {
    t = await setup()
    const x = t
    const prod = x.core.data.require().targets.saveSsh({
      name: 'db-prod-1',
      host: '127.0.0.1',
      port: 1,
      user: 'nobody',
      authKind: 'agent',
      keyPath: null,
      jumpVia: [],
      tags: ['db', 'production'],
      keepaliveSec: 15,
    })
    // A production target asks for anything that is not read-only (state-changing commands ask
    // everywhere; production adds the unknown ones).
    const refused = await x.fail('runbooks.run', {
      incidentId: x.incidentId,
      runbookId: 'en/runner-test',
      commandId: x.ids['cmd:Remove the marker'] ?? '',
      targets: [{ kind: 'tag', tag: 'db' }, { kind: 'local' }],
      values: { marker_file: '/tmp/none' },
    })
    expect(refused.code).toBe('confirmation_required')
    expect(refused.message).toMatch(/production target: db-prod-1/)
    expect(refused.message).toMatch(/rm -f \/tmp\/none \(state-changing: deletes files/)
    expect(refused.message).toMatch(/Targets: db-prod-1, local/)
    expect(events(x, 'command.ran')).toHaveLength(0)
    // Issue 15: a read-only command runs on production without asking (the connection to the
    // unreachable host then fails, per target).
    const read = await x.call('runbooks.run', {
      incidentId: x.incidentId,
      runbookId: 'en/runner-test',
      commandId: x.ids['cmd:Fail on purpose'] ?? '',
      targets: [{ kind: 'ssh', targetId: prod.id }],
    })
    expect(read).toMatchObject({ confirmedBy: null, dangerous: false })
    expect(read.targets[0]?.error).not.toBeNull()
  })

  it('run-all stops at the first failure unless told to go on', async () => {
    t = await setup()
    const x = t
    const req = {
      incidentId: x.incidentId,
      runbookId: 'en/runner-test',
      sectionId: x.ids.Checks ?? '',
      targets: [{ kind: 'local' as const }],
      values: { SERVICE_NAME: 'api' },
    }
    const stopped = await x.call('runbooks.runSection', req)
    expect(stopped.runs.map((r) => r.ok)).toEqual([true, false])
    expect(stopped.runs[1]?.targets[0]).toMatchObject({ exitCode: 3, stdout: 'before-fail\n' })
    expect(stopped.stoppedAt).toBe(x.ids['cmd:Fail on purpose'])
    expect(stopped.skipped).toEqual([x.ids['cmd:Never reached']])

    const all = await x.call('runbooks.runSection', { ...req, continueOnFailure: true })
    expect(all.runs.map((r) => r.ok)).toEqual([true, false, true])
    expect(all.stoppedAt).toBeNull()
    const ticks = (await x.call('runbooks.forIncident', { incidentId: x.incidentId })).runbooks[0]
      ?.ticks
    expect(ticks?.[x.ids['Fail on purpose'] ?? '']).toBeUndefined()
    expect(ticks?.[x.ids['Never reached'] ?? '']?.checked).toBe(true)
  })

  it('ticks by hand with a comment; an automatic tick never overrides a hand untick', async () => {
    t = await setup()
    const x = t
    const stepId = x.ids['Fail on purpose'] ?? ''
    const base = { incidentId: x.incidentId, runbookId: 'en/runner-test', stepId }
    const ticked = await x.call('runbooks.tick', {
      ...base,
      checked: true,
      comment: 'checked by hand on the console',
      actor: 'ken',
    })
    expect(ticked).toMatchObject({ checked: true, auto: false, by: 'ken' })
    await x.call('runbooks.tick', { ...base, checked: false, comment: 'not yet', actor: 'ken' })
    const [un] = events(x, 'checklist.unticked')
    expect(un?.payload).toMatchObject({ stepId, comment: 'not yet', auto: false })
    const view = await x.call('runbooks.forIncident', { incidentId: x.incidentId })
    expect(view.runbooks[0]?.ticks[stepId]).toMatchObject({ checked: false, comment: 'not yet' })
    const unknown = await x.fail('runbooks.tick', { ...base, stepId: 'step-nope', checked: true })
    expect(unknown.code).toBe('not_found')
  })

  it('keeps timeline excerpts under 2 KB and the full output behind the run id', async () => {
    t = await setup()
    const x = t
    const run = await x.call('runbooks.run', {
      incidentId: x.incidentId,
      runbookId: 'en/runner-test',
      commandId: x.ids['cmd:Big output'] ?? '',
      targets: [{ kind: 'local' }],
    })
    expect(run.targets[0]?.stdout).toHaveLength(100_000)
    const payload = events(x, 'command.ran')[0]?.payload as {
      targets: { output: string }[]
    }
    const out = payload.targets[0]?.output ?? ''
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(EXCERPT_BYTES)
    expect(out.startsWith('xxxx')).toBe(true)
    const full = await x.call('runbooks.output', { runId: run.id })
    expect(full.targets[0]?.stdout).toHaveLength(100_000)
    const listed = (await x.call('runbooks.forIncident', { incidentId: x.incidentId })).runbooks[0]
      ?.lastRuns[run.commandId]
    expect(listed?.targets[0]?.clipped).toBe(true)
    expect((await x.fail('runbooks.output', { runId: 'nope' })).code).toBe('not_found')
  })
})
