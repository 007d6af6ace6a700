// Default-deny on production, for every kind of target: an SSH host, a kubectl context and a
// psql database tagged production, each as a captured target and as an open pane. A command
// that is not known to be read-only is refused with confirmation_required until the responder
// names exactly those targets; read-only commands run without asking (and really run: kubectl
// against the fixture API server, SQL against PostgreSQL 15, a command over SSH).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type {
  ContractError,
  MethodName,
  Params,
  Result,
  SessionInfo,
} from '../../../src/shared/contract'
import type { RunTargetRef } from '../../../src/shared/runbookSchemas'
import { saveSshHost, startTestCore } from '../../helpers/core'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../../helpers/services/postgres'
import { describeWithBinaries } from '../../helpers/services/require'
import { SSHD_PATH, startSshd, type Sshd } from '../../helpers/services/sshd'

const RUNBOOK = `---
id: prod-everywhere
---
# Checks

- [ ] Unknown shell
  \`\`\`bash {name=unknown-shell}
  sitrep-unknown-tool --status
  \`\`\`
- [ ] Read-only shell
  \`\`\`bash {name=read-shell}
  uname -s
  \`\`\`
- [ ] Read-only kubectl
  \`\`\`bash {name=read-kubectl}
  kubectl get pods -o name
  \`\`\`
- [ ] Unknown SQL
  \`\`\`sql {name=unknown-sql}
  SELECT sitrep_unknown_function();
  \`\`\`
- [ ] Read-only SQL
  \`\`\`sql {name=read-sql}
  SELECT 40 + 2 AS answer;
  \`\`\`
`

describeWithBinaries(
  'production everywhere: SSH host, kubectl context, psql database, captured and in panes',
  [
    { name: 'sshd', path: SSHD_PATH, aptPackage: 'openssh-server' },
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
    { name: 'postgres', path: POSTGRES_PATH, aptPackage: 'postgresql-15' },
  ],
  () => {
    let core: Core
    let sshd: Sshd
    let api: KubeApi
    let pg: Postgres
    let incidentId = ''
    const ids = new Map<string, string>()
    const targets = { ssh: '', kubectl: '', psql: '' }
    const panes: Record<'ssh' | 'kubectl' | 'psql', SessionInfo | null> = {
      ssh: null,
      kubectl: null,
      psql: null,
    }
    let n = 0
    const viewer = { id: 'test', sendFrame: () => undefined }
    const reply = async <M extends MethodName>(method: M, params: Params<M>) =>
      dispatch(createHandlers(core), ++n, method, params, { viewer })
    const call = async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
      const r = await reply(method, params)
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
      return r.result as Result<M>
    }
    const fail = async <M extends MethodName>(
      method: M,
      params: Params<M>,
    ): Promise<ContractError> => {
      const r = await reply(method, params)
      if (r.ok) throw new Error(`${method} succeeded but should have asked for confirmation`)
      return r.error
    }
    const run = (name: string, target: RunTargetRef, mode: 'captured' | 'pane', extra = {}) => ({
      incidentId,
      runbookId: 'en/prod-everywhere',
      commandId: ids.get(name) ?? '',
      targets: [target],
      mode,
      ...extra,
    })

    beforeAll(async () => {
      ;[sshd, api, pg] = await Promise.all([startSshd(), startKubeApi(), startPostgres()])
      core = startTestCore({ trustUnknownHosts: true })
      incidentId = core.incidents().incidents.declare({
        title: 'prod',
        severity: 'P1',
        services: ['api'],
        impactScope: 'core',
        detection: 'monitoring-alert',
        description: '',
        actor: 'aiko',
      }).id
      targets.ssh = saveSshHost(core, sshd, 'web-prod', ['production']).id
      targets.kubectl = (
        await call('targets.saveKubectl', {
          name: 'payments-prod',
          kubeconfigPath: api.kubeconfigPath,
          context: 'fixture-prod',
          namespace: null,
          tags: ['production'],
        })
      ).id
      targets.psql = (
        await call('targets.savePsql', {
          name: 'orders-prod',
          host: pg.host,
          port: pg.port,
          database: pg.database,
          user: pg.user,
          password: null,
          viaSshTargetId: null,
          readOnly: 'production',
          tags: ['production'],
        })
      ).id
      await call('runbooks.importText', { text: RUNBOOK, source: 'prod.md' })
      const view = await call('runbooks.startForIncident', {
        incidentId,
        runbookId: 'en/prod-everywhere',
      })
      for (const st of view.runbooks[0]?.document.sections[0]?.steps ?? [])
        for (const c of st.commands) ids.set(c.attributes.name ?? '', c.id)
      panes.ssh = await core.sessions.openSsh({
        targetId: targets.ssh,
        cols: 80,
        rows: 24,
        incidentId,
      })
      panes.kubectl = await call('sessions.openKubectl', {
        targetId: targets.kubectl,
        mode: 'shell',
        cols: 80,
        rows: 24,
        incidentId,
      })
      panes.psql = await call('sessions.openPsql', {
        targetId: targets.psql,
        cols: 80,
        rows: 24,
        incidentId,
        allowWrites: false,
      })
    }, 90_000)

    afterAll(async () => {
      core?.sessions.closeAll()
      core?.close()
      await Promise.all([sshd?.stop(), api?.stop(), pg?.stop()])
    })

    it.each([
      ['SSH host', 'ssh', 'unknown-shell', 'web-prod'],
      ['kubectl context', 'kubectl', 'unknown-shell', 'payments-prod'],
      ['psql database', 'psql', 'unknown-sql', 'orders-prod'],
    ] as const)(
      'captured on a production %s: an unknown command asks',
      async (_what, kind, name, title) => {
        const target = { kind, targetId: targets[kind] } as RunTargetRef
        const refused = await fail('runbooks.run', run(name, target, 'captured'))
        expect(refused.code).toBe('confirmation_required')
        expect(refused.message).toMatch(new RegExp(`production target: ${title}`))
        expect(refused.message).toMatch(/\(unknown: /)
        // A confirmation naming another target does not count.
        const wrong = await fail(
          'runbooks.run',
          run(name, target, 'captured', { confirmation: { by: 'aiko', targets: ['local'] } }),
        )
        expect(wrong.code).toBe('confirmation_required')
        const ran = await call(
          'runbooks.run',
          run(name, target, 'captured', { confirmation: { by: 'aiko', targets: [title] } }),
        )
        expect(ran.confirmedBy).toBe('aiko')
      },
    )

    it.each([
      ['SSH host', 'ssh', 'web-prod'],
      ['kubectl context', 'kubectl', 'payments-prod'],
      ['psql database', 'psql', 'orders-prod'],
    ] as const)(
      'in a pane of a production %s: an unknown command asks',
      async (_what, kind, _title) => {
        void _title
        const pane = panes[kind]
        if (!pane) throw new Error('pane did not open')
        const target: RunTargetRef = { kind: 'pane', sessionId: pane.id }
        const name = kind === 'psql' ? 'unknown-sql' : 'unknown-shell'
        const refused = await fail('runbooks.run', run(name, target, 'pane'))
        expect(refused.code).toBe('confirmation_required')
        expect(refused.message).toContain(`production target: ${pane.title}`)
        const typed = await call(
          'runbooks.run',
          run(name, target, 'pane', { confirmation: { by: 'aiko', targets: [pane.title] } }),
        )
        expect(typed).toMatchObject({ ok: true, confirmedBy: 'aiko' })
      },
    )

    it('runs read-only commands on each production target without asking, for real', async () => {
      const ssh = await call(
        'runbooks.run',
        run('read-shell', { kind: 'ssh', targetId: targets.ssh }, 'captured'),
      )
      expect(ssh.targets[0]).toMatchObject({ exitCode: 0, stdout: 'Linux\n' })
      const kube = await call(
        'runbooks.run',
        run('read-kubectl', { kind: 'kubectl', targetId: targets.kubectl }, 'captured'),
      )
      expect(kube.targets[0]?.stderr).toBe('')
      // The context's own namespace (payments), through the sessions' overlay kubeconfig.
      expect(kube.targets[0]?.stdout).toMatch(/^pod\//m)
      expect(kube.targets[0]).toMatchObject({ exitCode: 0, kind: 'kubectl', production: true })
      const sql = await call(
        'runbooks.run',
        run('read-sql', { kind: 'psql', targetId: targets.psql }, 'captured'),
      )
      expect(sql.targets[0]).toMatchObject({ exitCode: 0, kind: 'psql' })
      expect(sql.targets[0]?.stdout).toMatch(/\b42\b/)
      expect([ssh, kube, sql].map((r) => r.confirmedBy)).toEqual([null, null, null])
    })
  },
)
