// Seed 002 (Shodo, Kubernetes) end to end, in Japanese: the real kubectl against the kube API
// fixture (namespace shodo: a backend deployment short of ready replicas, pods crash-looping,
// postgres-primary-0), a real PostgreSQL 15 and a real redis-server. The seed file itself is
// imported and its PostgreSQL connection check runs as written from the checklist — kubectl get
// pods -l app=postgres, kubectl logs, and kubectl exec into postgres-primary-0 for pg_isready
// and psql against pg_stat_activity (the fixture's exec runs a real bash; the pod's psql and
// pg_isready reach the test's PostgreSQL) — its pg_terminate_backend step asking first. The
// Kubernetes, PostgreSQL (connections, replication as far as a single server reports it) and
// Redis sources watch the same world.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { KUBECTL_PATH, OPENSSL_PATH, startKubeApi, type KubeApi } from '../helpers/services/kubeApi'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../helpers/services/postgres'
import { REDIS_REQUIREMENT, startRedis, type RedisServer } from '../helpers/services/redis'
import { requireBinaries } from '../helpers/services/require'
import { expect, test } from './fixtures'
import { bridgeCall, declare, seedsMissing, seedText, startRunbook } from './seedSteps'

const missing =
  seedsMissing() ??
  requireBinaries([
    REDIS_REQUIREMENT,
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
    { name: 'postgres', path: POSTGRES_PATH, aptPackage: 'postgresql-15' },
    { name: 'psql', path: '/usr/bin/psql', aptPackage: 'postgresql-client' },
  ])

let kube: KubeApi | undefined
let db: Postgres | undefined
let redis: RedisServer | undefined
const savedEnv = { KUBECONFIG: process.env.KUBECONFIG, KUBECACHEDIR: process.env.KUBECACHEDIR }

test.beforeAll(async () => {
  if (missing) return
  ;[kube, db, redis] = await Promise.all([
    startKubeApi({ empty: true }),
    startPostgres(),
    startRedis(),
  ])
  const c = kube.cluster
  c.addDeployment({
    namespace: 'shodo',
    name: 'shodo-backend',
    selector: { app: 'shodo-backend' },
    replicas: 3,
    readyReplicas: 1,
    availableReplicas: 1,
  })
  c.addPod({ namespace: 'shodo', name: 'shodo-backend-7c9d-a1', labels: { app: 'shodo-backend' } })
  for (const name of ['shodo-backend-7c9d-b2', 'shodo-backend-7c9d-c3']) {
    c.addPod({
      namespace: 'shodo',
      name,
      labels: { app: 'shodo-backend' },
      ready: false,
      restarts: 7,
      waitingReason: 'CrashLoopBackOff',
    })
  }
  c.addPod({ namespace: 'shodo', name: 'postgres-primary-0', labels: { app: 'postgres' } })
  c.getPod('shodo', 'postgres-primary-0')?.logs.push(
    'LOG:  database system is ready to accept connections',
    'FATAL:  sorry, too many clients already',
  )
  c.addPod({ namespace: 'shodo', name: 'redis-master-0', labels: { app: 'redis' } })
  // Inside the pods, psql and pg_isready talk to the test's PostgreSQL as a pod's own would.
  const bin = join(kube.dir, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const tool of ['psql', 'pg_isready']) {
    writeFileSync(
      join(bin, tool),
      `#!/bin/sh\nexec /usr/bin/${tool} -h 127.0.0.1 -p ${db.port} "$@"\n`,
      { mode: 0o755 },
    )
  }
  // The seed's database and role.
  const client = new pg.Client({ connectionString: db.connectionString })
  await client.connect()
  await client.query('CREATE ROLE shodo LOGIN')
  await client.query('CREATE DATABASE shodo OWNER shodo')
  await client.end()
  // The checklist's `local` target runs kubectl with the responder's kubeconfig: the fixture's.
  process.env.KUBECONFIG = kube.kubeconfigPath
  process.env.KUBECACHEDIR = join(kube.dir, 'cache')
})
test.afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  await Promise.all([kube?.stop(), db?.stop(), redis?.stop()])
})

test('seed 002: the PostgreSQL check through kubectl exec, k8s/PostgreSQL/Redis sources', async ({
  app,
  server,
}) => {
  test.skip(missing !== undefined || !server, missing ?? 'sets up over the headless bridge')
  if (!server || !kube || !db || !redis) return
  await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
  await declare(app, 'Shodo: バックエンド 5xx 多発', 'P1')
  for (const source of [
    {
      kind: 'kubernetes',
      name: 'shodo k8s',
      kubeconfig: kube.kubeconfigPath,
      context: 'fixture-prod',
      namespace: 'shodo',
    },
    {
      kind: 'postgres',
      name: 'shodo-db',
      host: '127.0.0.1',
      port: db.port,
      database: 'shodo',
      user: 'shodo',
    },
    { kind: 'redis', name: 'shodo-redis', host: redis.host, port: redis.port },
  ]) {
    await bridgeCall(app, server, 'metrics.saveSource', {
      source: { intervalSec: 0.5, timeoutSec: 5, ...source },
    })
  }

  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-import-open').click()
  await checklist.getByTestId('runbook-import-text').fill(seedText('002'))
  await checklist.getByTestId('runbook-import-source').fill('shodo-incident.md')
  await checklist.getByTestId('runbook-import-submit').click()
  const summary = checklist.getByTestId('runbook-import-outcome')
  await expect(summary).toContainText('ja/')
  const runbookId = /\b(ja\/[\w.-]+)/.exec(await summary.innerText())?.[1] ?? ''
  const view = await startRunbook(app, runbookId)
  await view.getByTestId('runbook-target-local').check()

  const check = view
    .getByTestId('runbook-command')
    .filter({ hasText: 'kubectl get pods -n shodo -l app=postgres' })
  await check.getByTestId('runbook-run').click()
  // Its last step terminates idle backends: core asks first, naming where it runs.
  const dialog = app.getByTestId('runbook-confirm')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('runbook-confirm-targets')).toContainText('local')
  await dialog.getByRole('textbox').fill('aiko')
  await dialog.getByTestId('runbook-confirm-run').click()
  const out = check.getByTestId('runbook-result-stdout')
  await expect(out).toContainText('postgres-primary-0', { timeout: 20_000 })
  await expect(out).toContainText('FATAL:  sorry, too many clients already')
  await expect(out).toContainText('accepting connections')
  await expect(out).toContainText(/connections \| state/)
  await expect(out).toContainText('pg_terminate_backend')
  await expect(check.getByTestId('runbook-result-exit')).toHaveText('終了コード 0')
  expect(kube.requests.some((r) => r.includes('/pods/postgres-primary-0/exec'))).toBe(true)

  // The sources see the same world.
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  for (const name of ['shodo k8s', 'shodo-db', 'shodo-redis']) {
    const card = dashboard.getByTestId('metric-card').filter({ hasText: name })
    await expect(card.getByTestId('metric-card-state')).toHaveText(/OK|正常/, { timeout: 15_000 })
  }
  const values = async (id: string): Promise<Record<string, number>> => {
    const sources = await bridgeCall<
      Array<{ config: { name: string }; latest: Array<{ metric: string; value: number }> }>
    >(app, server, 'metrics.sources', {})
    const s = sources.find((x) => x.config.name === id)
    return Object.fromEntries((s?.latest ?? []).map((v) => [v.metric, v.value]))
  }
  await expect.poll(async () => (await values('shodo k8s'))['k8s.pods_not_ready']).toBe(2)
  expect((await values('shodo k8s'))['k8s.deploy.shodo-backend.ready']).toBe(1)
  expect(Object.keys(await values('shodo-db'))).toContain('pg.max_connections')
  expect(Object.keys(await values('shodo-redis'))).toContain('redis.memory_percent')
})
