// Runbook steps run on two real sshd hosts (through the core's SSH pool) and against a real
// PostgreSQL with the local psql: captured output and exit codes per target, parallel fan-out,
// timeouts, production and dangerous commands refused by core without a confirmation.
import { saveSshHost } from '../../helpers/core'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { ContractError, MethodName, Params, Result } from '../../../src/shared/contract'
import { startPostgres, type Postgres } from '../../helpers/services/postgres'
import { requireBinaries } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'

const missing = requireBinaries([
  { name: 'sshd', path: '/usr/sbin/sshd' },
  { name: 'psql', path: '/usr/bin/psql' },
  { name: 'postgres', path: '/usr/lib/postgresql/15/bin/postgres' },
])

const RUNBOOK = `---
id: fanout
title: Fan-out checks
---
# Fan-out checks

## 1. Hosts

- [ ] Which port answered
  \`\`\`bash {name=port}
  echo "port=\${SSH_CONNECTION##* } marker=[MARKER]"
  \`\`\`
- [ ] Only host A passes
  \`\`\`bash {name=only-a}
  test "\${SSH_CONNECTION##* }" = "<port_a>" && echo is-a || { echo not-a >&2; exit 7; }
  \`\`\`
- [ ] Slow on both
  \`\`\`bash {name=slow}
  sleep 1.5; echo slept
  \`\`\`
- [ ] Hangs
  \`\`\`bash {name=hang}
  echo started; sleep 30
  \`\`\`

## 2. Database

- [ ] Database answers
  \`\`\`bash {name=select}
  psql -h 127.0.0.1 -p <pg_port> -U postgres -X -At -c "select 40 + 2"
  \`\`\`
- [ ] Missing table is an error
  \`\`\`bash {name=missing-table}
  psql -h 127.0.0.1 -p <pg_port> -U postgres -X -At -v ON_ERROR_STOP=1 -c "select * from nope"
  \`\`\`
- [ ] Purge old sessions
  \`\`\`bash {name=purge}
  psql -h 127.0.0.1 -p <pg_port> -U postgres -X -At -c "DELETE FROM sitrep_probe"
  \`\`\`
`

describe.skipIf(missing)('runbook steps on real hosts and PostgreSQL', () => {
  let a: Sshd
  let b: Sshd
  let pg: Postgres
  let core: Core
  let incidentId = ''
  let dataDir = ''
  const ids = new Map<string, string>()
  const targetIds = { a: '', b: '', prod: '' }
  let n = 0
  let call: <M extends MethodName>(m: M, p: Params<M>) => Promise<Result<M>>
  let fail: <M extends MethodName>(m: M, p: Params<M>) => Promise<ContractError>

  beforeAll(async () => {
    ;[a, b, pg] = await Promise.all([startSshd(), startSshd(), startPostgres()])
    // Not tempDir(): that one is emptied after each test, and the data folder lives for all.
    dataDir = mkdtempSync(join(tmpdir(), 'sitrep-rb-int-'))
    const knownHosts = join(dataDir, 'user_known_hosts')
    writeFileSync(knownHosts, `${a.knownHostsLine}\n${b.knownHostsLine}\n`)
    core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: knownHosts,
    })
    core.start()
    const handlers = createHandlers(core)
    const viewer = { id: 'int', sendFrame: () => undefined }
    call = async (m, p) => {
      const r = await dispatch(handlers, ++n, m, p, { viewer })
      if (!r.ok) throw new Error(`${m}: ${r.error.code}: ${r.error.message}`)
      return r.result as Result<typeof m>
    }
    fail = async (m, p) => {
      const r = await dispatch(handlers, ++n, m, p, { viewer })
      if (r.ok) throw new Error(`${m} should have failed`)
      return r.error
    }
    const save = (name: string, s: Sshd, tags: string[]) => saveSshHost(core, s, name, tags).id
    targetIds.a = save('web-a', a, ['web'])
    targetIds.b = save('web-b', b, ['web'])
    targetIds.prod = save('db-prod', b, ['db', 'production'])
    incidentId = core.incidents().incidents.declare({
      title: 'checkout slow',
      severity: 'P2',
      services: ['checkout'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
    await call('runbooks.importText', { text: RUNBOOK, source: 'fanout.md' })
    const view = await call('runbooks.startForIncident', {
      incidentId,
      runbookId: 'en/fanout',
      actor: 'aiko',
    })
    for (const sec of view.runbooks[0]?.document.sections[0]?.children ?? []) {
      ids.set(sec.title, sec.id)
      for (const st of sec.steps) {
        ids.set(st.text, st.id)
        for (const c of st.commands) ids.set(c.attributes.name ?? '', c.id)
      }
    }
    await call('runbooks.setParameters', {
      incidentId,
      values: { MARKER: 'm-1', port_a: String(a.port), pg_port: String(pg.port) },
    })
  }, 60_000)

  afterAll(async () => {
    core?.close()
    await Promise.all([a?.stop(), b?.stop(), pg?.stop()])
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  const run = (name: string, targets: Params<'runbooks.run'>['targets'], extra = {}) =>
    call('runbooks.run', {
      incidentId,
      runbookId: 'en/fanout',
      commandId: ids.get(name) ?? '',
      targets,
      actor: 'aiko',
      ...extra,
    })

  it('runs on both hosts of a tag and captures each one', async () => {
    const r = await run('port', [{ kind: 'tag', tag: 'web' }])
    expect(r.ok).toBe(true)
    const byName = Object.fromEntries(r.targets.map((t) => [t.name, t]))
    expect(Object.keys(byName).sort()).toEqual(['web-a', 'web-b'])
    expect(byName['web-a']).toMatchObject({ exitCode: 0, stdout: `port=${a.port} marker=m-1\n` })
    expect(byName['web-b']).toMatchObject({ exitCode: 0, stdout: `port=${b.port} marker=m-1\n` })
    const view = await call('runbooks.forIncident', { incidentId })
    expect(view.runbooks[0]?.ticks[ids.get('Which port answered') ?? '']?.checked).toBe(true)
  })

  it('reports a different exit code per host and does not tick the step', async () => {
    const r = await run('only-a', [
      { kind: 'ssh', targetId: targetIds.a },
      { kind: 'ssh', targetId: targetIds.b },
    ])
    expect(r.ok).toBe(false)
    expect(r.targets.map((t) => [t.name, t.exitCode, t.stdout, t.stderr])).toEqual([
      ['web-a', 0, 'is-a\n', ''],
      ['web-b', 7, '', 'not-a\n'],
    ])
    const ev = core.data
      .require()
      .timeline.list(incidentId, { limit: 100 })
      .find((e) => e.uid === r.eventUid)
    expect(ev?.payload.targets).toEqual([
      {
        name: 'web-a',
        exitCode: 0,
        durationMs: r.targets[0]?.durationMs,
        output: 'is-a\n',
        error: null,
      },
      {
        name: 'web-b',
        exitCode: 7,
        durationMs: r.targets[1]?.durationMs,
        output: '\n[stderr]\nnot-a\n',
        error: null,
      },
    ])
    const view = await call('runbooks.forIncident', { incidentId })
    expect(view.runbooks[0]?.ticks[ids.get('Only host A passes') ?? '']).toBeUndefined()
  })

  it('runs on the hosts in parallel', async () => {
    const started = Date.now()
    const r = await run('slow', [{ kind: 'tag', tag: 'web' }])
    const elapsed = Date.now() - started
    expect(r.targets.map((t) => t.stdout)).toEqual(['slept\n', 'slept\n'])
    for (const t of r.targets) expect(t.durationMs).toBeGreaterThanOrEqual(1500)
    // One after the other would take at least 3 s.
    expect(elapsed).toBeLessThan(2900)
  })

  it('stops a command that overruns its timeout and keeps what it printed', async () => {
    const r = await run('hang', [{ kind: 'ssh', targetId: targetIds.a }], { timeoutMs: 1000 })
    expect(r.ok).toBe(false)
    expect(r.targets[0]).toMatchObject({ exitCode: null, stdout: 'started\n' })
    expect(r.targets[0]?.error).toMatch(/did not finish within 1 s/)
  })

  it('asks on a production host for what is not read-only, then runs', async () => {
    // Issue 15: read-only commands run on production without asking; anything else asks.
    const read = await run('port', [{ kind: 'ssh', targetId: targetIds.prod }])
    expect(read).toMatchObject({ ok: true, confirmedBy: null, dangerous: false })
    const refused = await fail('runbooks.run', {
      incidentId,
      runbookId: 'en/fanout',
      commandId: ids.get('purge') ?? '',
      targets: [{ kind: 'ssh', targetId: targetIds.prod }],
    })
    expect(refused.code).toBe('confirmation_required')
    expect(refused.message).toMatch(/production target: db-prod/)
    const r = await run('port', [{ kind: 'ssh', targetId: targetIds.prod }], {
      confirmation: { by: 'aiko', targets: ['db-prod'] },
    })
    expect(r.targets[0]?.error ?? null).toBeNull()
    expect(r).toMatchObject({ ok: true, confirmedBy: 'aiko' })
  })

  it('queries PostgreSQL with the local psql and reports its errors', async () => {
    const ok = await run('select', [{ kind: 'local' }])
    expect(ok.targets[0]).toMatchObject({ name: 'local', exitCode: 0, stdout: '42\n' })
    const bad = await run('missing-table', [{ kind: 'local' }])
    expect(bad.targets[0]?.exitCode).toBe(1)
    expect(bad.targets[0]?.stderr).toMatch(/relation "nope" does not exist/)
  })

  it('refuses a DELETE without confirmation; the table keeps its rows', async () => {
    const psql = `psql -h 127.0.0.1 -p ${pg.port} -U postgres -X -At -c`
    const { execLocal } = await import('../../../src/main/core/runbooks/localExec')
    const setup = await execLocal(
      `${psql} "create table sitrep_probe (x int); insert into sitrep_probe values (1), (2)"`,
    )
    expect(setup.exitCode).toBe(0)
    const refused = await fail('runbooks.run', {
      incidentId,
      runbookId: 'en/fanout',
      commandId: ids.get('purge') ?? '',
      targets: [{ kind: 'local' }],
    })
    expect(refused.code).toBe('confirmation_required')
    expect(refused.message).toMatch(
      /DELETE FROM sitrep_probe \(state-changing: modifies data or schema/,
    )
    const count = await execLocal(`${psql} "select count(*) from sitrep_probe"`)
    expect(count.stdout).toBe('2\n')
    const done = await run('purge', [{ kind: 'local' }], {
      confirmation: { by: 'aiko', targets: ['local'] },
    })
    expect(done.targets[0]).toMatchObject({ exitCode: 0, stdout: 'DELETE 2\n' })
    expect((await execLocal(`${psql} "select count(*) from sitrep_probe"`)).stdout).toBe('0\n')
  })

  it('runs a whole section on the local machine and stops at the failing query', async () => {
    const out = await call('runbooks.runSection', {
      incidentId,
      runbookId: 'en/fanout',
      sectionId: ids.get('2. Database') ?? '',
      targets: [{ kind: 'local' }],
      // The section holds a DELETE: one confirmation covers the run.
      confirmation: { by: 'aiko', targets: ['local'] },
    })
    expect(out.runs.map((r) => r.targets[0]?.exitCode)).toEqual([0, 1])
    expect(out.stoppedAt).toBe(ids.get('missing-table'))
    expect(out.skipped).toEqual([ids.get('purge')])
  })
})
