// Seed 000 (RefNet) end to end against a real PostgreSQL 15 and a real redis-server: the
// seed's application diagnosis (`scripts/incident-app-diagnosis.sh`: pg_stat_database and long
// queries for the `refnet` database, `redis-cli info` for clients/memory/keyspace, `redis-cli
// llen celery`) is imported as a runbook and run from the checklist, and the Redis source shows
// the celery queue backing up past its threshold as a header alert. The block is read from the
// seed file itself; only `docker-compose exec <service>` in front of psql and redis-cli becomes
// the address of the service (there is no Docker here), left to the runbook's placeholders.
import pg from 'pg'
import { createClient } from 'redis'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../helpers/services/postgres'
import { REDIS_REQUIREMENT, startRedis, type RedisServer } from '../helpers/services/redis'
import { requireBinaries } from '../helpers/services/require'
import { expect, test } from './fixtures'
import { bridgeCall, declare, seedsMissing, seedText, startRunbook } from './seedSteps'

const missing =
  seedsMissing() ??
  requireBinaries([
    REDIS_REQUIREMENT,
    { name: 'redis-cli', path: '/usr/bin/redis-cli', aptPackage: 'redis-tools' },
    { name: 'postgres', path: POSTGRES_PATH, aptPackage: 'postgresql-15' },
    { name: 'psql', path: '/usr/bin/psql', aptPackage: 'postgresql-client' },
  ])

let redis: RedisServer | undefined
let db: Postgres | undefined

/** The seed's app-diagnosis block, its docker-compose prefixes turned into placeholders. */
function seedDiagnosis(): string {
  const seed = seedText('000')
  const block = /```bash\n(#!\/bin\/bash\n# scripts\/incident-app-diagnosis\.sh\n[\s\S]*?)```/.exec(
    seed,
  )?.[1]
  if (!block) throw new Error('seed 000 has no incident-app-diagnosis.sh block')
  const script = block
    .replace(/docker-compose exec postgres psql/g, 'psql -h <pg_host> -p <pg_port>')
    .replace(/docker-compose exec redis redis-cli/g, 'redis-cli -h <redis_host> -p <redis_port>')
  expect(script).not.toContain('docker-compose')
  return `---
id: refnet-app-diagnosis
title: RefNet アプリケーションレベル診断
---

# RefNet アプリケーションレベル診断

## 問題分析

- [ ] アプリケーションレベル診断（seed 000 の scripts/incident-app-diagnosis.sh）
  \`\`\`bash {name=app-diagnosis}
${script
  .trimEnd()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  \`\`\`
`
}

test.beforeAll(async () => {
  if (missing) return
  ;[redis, db] = await Promise.all([startRedis(), startPostgres()])
  // The seed's database and role: psql -U refnet connects to the database refnet.
  const client = new pg.Client({ connectionString: db.connectionString })
  await client.connect()
  await client.query('CREATE ROLE refnet LOGIN')
  await client.query('CREATE DATABASE refnet OWNER refnet')
  await client.end()
})
test.afterAll(async () => {
  await Promise.all([redis?.stop(), db?.stop()])
})

async function rpush(n: number): Promise<void> {
  const c = createClient({ socket: { host: redis?.host, port: redis?.port } })
  c.on('error', () => undefined)
  await c.connect()
  await c.sendCommand(['RPUSH', 'celery', ...Array.from({ length: n }, (_, i) => `task-${i}`)])
  await c.close()
}

test('seed 000: the app diagnosis from a runbook, the celery queue past its threshold', async ({
  app,
  server,
}) => {
  test.skip(missing !== undefined || !server, missing ?? 'sets up over the headless bridge')
  if (!server || !redis || !db) return
  await rpush(40)
  // A Japanese team's runbook: the responder works in Japanese (the picker lists the runbooks
  // of the page's language).
  await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
  await declare(app, 'RefNet: サマリーが届かない', 'P2')
  await bridgeCall(app, server, 'metrics.saveSource', {
    source: {
      kind: 'redis',
      name: 'refnet-redis',
      host: redis.host,
      port: redis.port,
      intervalSec: 0.5,
      timeoutSec: 2,
    },
  })

  // The seed's block, imported through the checklist's import panel.
  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-import-open').click()
  const panel = checklist.getByTestId('runbook-import')
  await panel.getByTestId('runbook-import-source').fill('refnet-app-diagnosis.md')
  await panel.getByTestId('runbook-import-text').fill(seedDiagnosis())
  await panel.getByTestId('runbook-import-submit').click()
  await expect(checklist.getByTestId('runbook-import-summary')).toBeVisible()
  const view = await startRunbook(app, 'ja/refnet-app-diagnosis')
  for (const [name, value] of [
    ['pg_host', '127.0.0.1'],
    ['pg_port', String(db.port)],
    ['redis_host', redis.host],
    ['redis_port', String(redis.port)],
  ] as const) {
    await view.getByTestId(`runbook-param-${name}`).fill(value)
  }
  await view.getByTestId('runbook-target-local').check()

  const command = view.locator('[data-command="app-diagnosis"]')
  const run = async (): Promise<void> => {
    await command.getByTestId('runbook-run').click()
    const dialog = app.getByTestId('runbook-confirm')
    // The block pipes into `echo "$(cat)"`: whether it asks first is the classifier's call.
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.getByRole('textbox').fill('aiko')
      await dialog.getByTestId('runbook-confirm-run').click()
    }
  }
  await run()
  const out = command.getByTestId('runbook-result-stdout')
  await expect(out).toContainText('キュー長: 40', { timeout: 20_000 })
  await expect(out).toContainText(/refnet\s*\|/)
  await expect(out).toContainText('connected_clients:')
  await expect(out).toContainText('used_memory:')

  // The summarizer stops taking tasks: the queue backs up past the source's line (1 000).
  await rpush(1500)
  const alert = app
    .getByTestId('metric-alert')
    .filter({ hasText: 'refnet-redis: redis.queue.celery' })
  await expect(alert).toBeVisible({ timeout: 15_000 })
  await expect(alert).toHaveClass(/level-warning/)
  await expect(alert).toContainText(/1[,.]?540/)
  await run()
  await expect(out).toContainText('キュー長: 1540', { timeout: 20_000 })
  await expect(
    app
      .getByTestId('timeline')
      .getByTestId('timeline-row')
      .filter({ hasText: 'redis.queue.celery' }),
  ).toHaveCount(1)
})
