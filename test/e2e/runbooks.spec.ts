// The runbook flow in a real browser against two real sshd hosts: start an incident's checklist
// from the built-in "database unreachable" runbook, fill a placeholder, run a step on both
// hosts (by their tag), see both outputs side by side and compared, the step ticked by the run,
// the header's progress and the run on the timeline; a confirm-gated command asks first,
// naming both hosts, and runs nothing when cancelled.
import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, test } from './fixtures'

/** Something answering on 127.0.0.1:port, or null when something already does (it answers too). */
function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((c) => c.end())
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(null) : reject(err),
    )
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

async function addKeyHost(app: Page, name: string, s: Sshd, tags: string): Promise<void> {
  if ((await app.getByTestId('hosts-panel').count()) === 0) {
    await app.getByTestId('hosts-toggle').click()
  }
  await app.getByTestId('target-add').click()
  const form = app.getByTestId('target-form')
  await form.getByTestId('target-name').fill(name)
  await form.getByTestId('target-host').fill(s.host)
  await form.getByTestId('target-port').fill(String(s.port))
  await form.getByTestId('target-user').fill(s.user)
  await form.getByTestId('target-auth').selectOption('key')
  await form.getByTestId('target-key-path').fill(s.clientKeyPath)
  await form.getByTestId('target-tags').fill(tags)
  await form.getByTestId('target-save').click()
  await expect(form).toHaveCount(0)
}

test('a built-in runbook step runs on two hosts, ticks itself and lands on the timeline', async ({
  app,
  server,
}) => {
  test.skip(!server, 'plants known_hosts in the headless data folder')
  let a: Sshd | undefined
  let b: Sshd | undefined
  let database: Server | null = null
  try {
    ;[a, b] = await Promise.all([startSshd(), startSshd()])
    // The step checks that the database port answers, and a check fails when what it checks is
    // down: something listens on 5432 so that the step passes and ticks itself.
    database = await listenOn(5432)
    // Both host keys are already vouched for: this spec is about runbooks, not the key prompt.
    writeFileSync(
      join(server?.dataDir ?? '', 'known_hosts'),
      `${a.knownHostsLine}\n${b.knownHostsLine}\n`,
    )
    await addKeyHost(app, 'app-1-e2e', a, 'app')
    await addKeyHost(app, 'app-2-e2e', b, 'app')
    await app.getByTestId('hosts-toggle').click()
    await expect(app.getByTestId('hosts-panel')).toHaveCount(0)

    await app.getByTestId('declare-incident').click()
    await app.getByTestId('declare-title').fill(`DB unreachable ${Date.now()}`)
    await app.getByTestId('declare-severity-P2').check()
    await app.getByTestId('declare-services').fill('todo-api')
    await app.getByTestId('declare-submit').click()
    await expect(app.getByTestId('incident-title')).toContainText('DB unreachable')

    const checklist = app.getByTestId('checklist')
    await checklist.getByTestId('runbook-select').selectOption('en/database-unreachable')
    await checklist.getByTestId('runbook-start').click()
    const view = checklist.locator('[data-runbook="en/database-unreachable"]')
    await expect(view).toBeVisible()
    await expect(view.getByTestId('runbook-progress')).toContainText(/^0\/\d+/)
    await expect(view.getByTestId('runbook-timebox').first()).toContainText('5m')

    const command = view.locator('[data-command="db-port-check"]')
    // Run before the value is there: the step says what is missing, next to its own field,
    // and the hint goes once the field is filled; then it shows the command as it will run.
    await command.getByTestId('runbook-run').click()
    await expect(command.getByTestId('runbook-fill-missing')).toContainText('db_host')
    await expect(command.getByTestId('runbook-run-error')).toHaveCount(0)
    await command.getByTestId('runbook-step-param-db_host').fill('127.0.0.1')
    await expect(command.getByTestId('runbook-fill-missing')).toHaveCount(0)
    await expect(command.getByTestId('runbook-filled')).toContainText('/dev/tcp/127.0.0.1/5432')
    // The runbook's parameter form shows the same value.
    await expect(view.getByTestId('runbook-param-db_host')).toHaveValue('127.0.0.1')
    await view.locator('[data-testid="runbook-target-tag"][data-tag="app"]').check()

    await command.getByTestId('runbook-run').click()
    const results = command.getByTestId('runbook-result')
    await expect(results).toHaveCount(2, { timeout: 20_000 })
    for (const name of ['app-1-e2e', 'app-2-e2e']) {
      const r = command.locator(`[data-testid="runbook-result"][data-target="${name}"]`)
      await expect(r.getByTestId('runbook-result-exit')).toHaveText('exit 0')
      await expect(r.getByTestId('runbook-result-stdout')).toHaveText(/^reachable\n?$/)
    }
    await command.getByTestId('runbook-diff-toggle').click()
    await expect(command.getByTestId('runbook-diff')).toContainText('Same output as app-1-e2e')

    const step = view
      .getByTestId('runbook-step')
      .filter({ hasText: 'Check that the database port answers' })
    await expect(step).toHaveAttribute('data-checked', 'true')
    await expect(step.getByTestId('runbook-step-meta')).toContainText(/every target exited 0/)
    await expect(view.getByTestId('runbook-progress')).toContainText(/^1\/\d+/)
    await expect(app.getByTestId('header-checklist-progress')).toContainText(/1\/\d+/)

    const timeline = app.getByTestId('timeline')
    const ran = timeline
      .getByTestId('timeline-row')
      .filter({ hasText: 'on app-1-e2e, app-2-e2e — ok' })
    await expect(ran).toHaveCount(1)
    await expect(ran).toContainText('/dev/tcp/127.0.0.1/5432')
    // The event keeps excerpts; its detail reads the whole output of both hosts back.
    await ran.click()
    const detail = app.getByTestId('event-detail')
    await detail.getByTestId('event-run-output').click()
    await expect(detail.getByTestId('runbook-result')).toHaveCount(2)
    await expect(detail.getByTestId('runbook-result-stdout').first()).toHaveText(/^reachable\n?$/)
    await ran.click()
    await expect(detail).toHaveCount(0)
    await expect(
      timeline.getByTestId('timeline-row').filter({ hasText: 'every target exited 0' }),
    ).toHaveCount(1)

    // A command the runbook gates behind confirmation: the dialog names both hosts; cancelling
    // runs nothing.
    await view.getByTestId('runbook-param-service').fill('todo-api')
    const restart = view.locator('[data-command="restart-app"]')
    await restart.getByTestId('runbook-run').click()
    const dialog = app.getByTestId('runbook-confirm')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('runbook-confirm-targets')).toContainText('app-1-e2e')
    await expect(dialog.getByTestId('runbook-confirm-targets')).toContainText('app-2-e2e')
    await expect(dialog).toContainText('sudo systemctl restart todo-api')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toHaveCount(0)
    await expect(restart.getByTestId('runbook-results')).toHaveCount(0)

    // A second runbook lands below the first one: starting it brings it into view.
    await checklist.getByTestId('runbook-select').selectOption('en/slow-service')
    await checklist.getByTestId('runbook-start').click()
    await expect(checklist.locator('[data-runbook="en/slow-service"] .rb-title')).toBeInViewport()
  } finally {
    await Promise.all([a?.stop(), b?.stop()])
    await new Promise((r) => (database ? database.close(r) : r(undefined)))
  }
})
