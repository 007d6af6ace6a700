// Seed 001 (MKS) end to end, in Japanese, against a real nginx whose logs a real sshd's login
// reads: the team's P0–P3 scheme, an incident declared P1, the host added in the Hosts sheet,
// nginx's access log added as a source through the dashboard's form (its key trusted in the
// prompt), the API answering 500s: the error rate (the 5xx share of the access log) passes the
// seed's line on the card, in the header's alerts and on the timeline. Then the seed's 初期評価
// block (`tail -n 50 …/nginx/error.log`, `top`, `df -h`, `free -h`) runs on the host from an
// imported runbook. The block is read from the seed; the systemctl lines (no systemd under the
// harness) and the application's own log are left out, nginx's log path is a placeholder.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { NGINX_REQUIREMENT, startNginx, type Nginx } from '../helpers/services/nginx'
import { requireBinaries } from '../helpers/services/require'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, test } from './fixtures'
import { addHost } from './hosts'
import { bridgeCall, declare, seedsMissing, seedText, startRunbook } from './seedSteps'

const SCREENS = join(process.cwd(), '.tmp', 'screens')
const missing =
  seedsMissing() ??
  requireBinaries([
    NGINX_REQUIREMENT,
    { name: 'sshd', path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
  ])

let sshd: Sshd | undefined
let nginx: Nginx | undefined

/** The seed's 1.2 初期評価 block, as a runbook with nginx's error log as a placeholder. */
function seedAssessment(): string {
  const seed = seedText('001')
  const block = /#### 1\.2 初期評価\n```bash\n([\s\S]*?)```/.exec(seed)?.[1]
  if (!block) throw new Error('seed 001 has no 1.2 初期評価 block')
  const lines = block
    .split('\n')
    .filter((l) => !l.startsWith('systemctl ') && !l.includes('/var/log/mks-backend/'))
    .map((l) => l.replace('/var/log/nginx/error.log', '<nginx_error_log>'))
  const script = lines.join('\n').trim()
  expect(script).toContain('tail -n 50 <nginx_error_log>')
  expect(script).toContain('free -h')
  return `---
id: mks-initial-assessment
title: MKS 初期評価
---

# MKS 初期評価

## 1.2 初期評価

- [ ] ログとリソースを確認する（seed 001 の 1.2）
  \`\`\`bash {name=initial-assessment}
${script
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  \`\`\`
`
}

test.beforeAll(async () => {
  if (missing) return
  sshd = await startSshd()
  const logDir = sshd.sharedDir('nginx-')
  mkdirSync(SCREENS, { recursive: true })
  nginx = await startNginx({ logDir })
})
test.afterAll(async () => {
  await Promise.all([nginx?.stop(), sshd?.stop()])
})

test('seed 001: the access log over SSH crosses the error-rate line; the initial assessment runs on the host', async ({
  app,
  server,
}) => {
  test.skip(missing !== undefined || !server, missing ?? 'sets up over the headless bridge')
  if (!server || !sshd || !nginx) return
  const web = nginx
  await app.setViewportSize({ width: 1440, height: 900 })
  await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
  // The seed's own levels (P0–P3), as the team would have set them in the rules.
  const settings = await bridgeCall<{ builtInSchemes: { id: string }[] }>(
    app,
    server,
    'incidents.settings',
    {},
  )
  const scheme = settings.builtInSchemes.find((s) => s.id === 'p0-p3')
  await bridgeCall(app, server, 'incidents.setSeverityScheme', { scheme })
  await app.reload()
  await declare(app, 'MKS: API が 500 を返す', 'P1')

  await addHost(app, {
    name: 'mks-web-1',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: 'key',
    keyPath: sshd.clientKeyPath,
  })
  await app.getByTestId('hosts-toggle').click()

  // The access log as a source, through the form.
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  await dashboard.getByTestId('metrics-add').click()
  const form = dashboard.getByTestId('metric-form')
  await form.getByTestId('metric-form-kind').selectOption('access-log')
  await form.getByTestId('metric-form-name').fill('mks-nginx')
  await form
    .getByTestId('metric-form-targetId')
    .selectOption({ label: `mks-web-1 (${sshd.user}@${sshd.host})` })
  await expect(form.getByTestId('metric-form-path')).toHaveValue('/var/log/nginx/access.log')
  await form.getByTestId('metric-form-path').fill(web.accessLog)
  await form.getByTestId('metric-form-format').fill('timed')
  await form.getByTestId('metric-form-intervalSec').fill('0.5')
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)
  const prompt = app.getByTestId('host-key-prompt')
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKeyFingerprintSha256)
  await prompt.getByTestId('host-key-trust').click()

  const card = dashboard.getByTestId('metric-card').filter({ hasText: 'mks-nginx' })
  await expect(card.getByTestId('metric-log-state')).toContainText('追跡中', { timeout: 15_000 })
  // tail -n 0 starts at the end of the log: traffic until the card has seen some.
  const get = (path: string) => fetch(`${web.url}${path}`).then((r) => r.status)
  await expect
    .poll(async () => {
      await get('/api/ok')
      return card.getByTestId('metric-log-figures').textContent()
    })
    .toMatch(/[1-9]\d* リクエスト/)
  for (let i = 0; i < 18; i++) await get('/api/ok')
  await expect(card.getByTestId('metric-chart')).toHaveAttribute(
    'data-metric',
    'error.rate_percent',
  )

  // The outage: the API answers 500 (and a missing page 404, which nginx also logs as an error).
  for (let i = 0; i < 6; i++) {
    expect(await get('/api/fail?user=42')).toBe(500)
    expect(await get('/missing.php')).toBe(404)
  }
  const alert = app.getByTestId('metric-alert').filter({ hasText: 'mks-nginx: error.rate_percent' })
  await expect(alert).toBeVisible({ timeout: 15_000 })
  await expect(alert).toHaveClass(/level-critical/)
  await expect(card.getByTestId('metric-log-paths')).toContainText('/api/fail')
  await expect(card.getByTestId('metric-log-paths')).not.toContainText('user=42')
  await expect(card.getByTestId('metric-log-figures')).toContainText('p99')
  await card.screenshot({ path: join(SCREENS, 'seed001-access-log-card-ja.png') })
  await dashboard.getByRole('button', { name: '閉じる' }).click()
  await expect(
    app
      .getByTestId('timeline')
      .getByTestId('timeline-row')
      .filter({ hasText: 'error.rate_percent' })
      .first(),
  ).toBeVisible()

  // The seed's initial assessment, on the host, from an imported runbook.
  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-import-open').click()
  const panel = checklist.getByTestId('runbook-import')
  await panel.getByTestId('runbook-import-source').fill('mks-initial-assessment.md')
  await panel.getByTestId('runbook-import-text').fill(seedAssessment())
  await panel.getByTestId('runbook-import-submit').click()
  await expect(checklist.getByTestId('runbook-import-summary')).toBeVisible()
  const view = await startRunbook(app, 'ja/mks-initial-assessment')
  await view.getByTestId('runbook-param-nginx_error_log').fill(web.errorLog)
  await view.locator('[data-testid="runbook-target-host"][data-name="mks-web-1"]').check()
  const command = view.locator('[data-command="initial-assessment"]')
  await command.getByTestId('runbook-run').click()
  const dialog = app.getByTestId('runbook-confirm')
  if (await dialog.isVisible().catch(() => false)) {
    await dialog.getByRole('textbox').fill('aiko')
    await dialog.getByTestId('runbook-confirm-run').click()
  }
  const out = command.getByTestId('runbook-result-stdout')
  await expect(out).toContainText('missing.php" failed (2: No such file or directory)', {
    timeout: 20_000,
  })
  await expect(out).toContainText('Filesystem')
  await expect(out).toContainText('Mem:')
})
