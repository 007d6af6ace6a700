// Runbooks as people write them, end to end in the browser against the real kubectl and the
// fixture Kubernetes API: a folder with a README.md in each directory imports as distinct
// runbooks; a prompted `$ kubectl get pods` block (with its pasted output) is typed into a
// production context's pane without asking, since it only reads; `$ kubectl … patch` on that
// production context asks first, names the command, the reason and the pane, and types nothing
// when cancelled.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKubeApi, type KubeApi } from '../helpers/services/kubeApi'
import { expect, paneText, test } from './fixtures'

const POD_LIST = [
  '# Payments pods',
  '',
  'When the checkout alert fires, look at the pods first.',
  '',
  '- [ ] List the pods',
  '  ```console',
  '  $ kubectl get pods -n payments',
  '  NAME                 READY   STATUS    RESTARTS   AGE',
  '  api-7d9f8-abcde      1/1     Running   0          3d',
  '  ```',
  '- [ ] Scale the API out',
  '  ```console',
  '  $ kubectl -n payments patch deployment api -p \'{"spec":{"replicas":4}}\'',
  '  deployment.apps/api patched',
  '  ```',
  '',
].join('\n')

const TOP = ['# On-call', '', 'Start here.', '', '- [ ] Page the owner', ''].join('\n')

test.describe('runbooks as written, on a production kubectl context', () => {
  let kube: KubeApi
  let folder = ''
  test.beforeAll(async () => {
    kube = await startKubeApi()
    process.env.KUBECACHEDIR = kube.env.KUBECACHEDIR
    folder = mkdtempSync(join(tmpdir(), 'sitrep-wild-'))
    mkdirSync(join(folder, 'oncall', 'payments'), { recursive: true })
    writeFileSync(join(folder, 'oncall', 'README.md'), TOP)
    writeFileSync(join(folder, 'oncall', 'payments', 'README.md'), POD_LIST)
  })
  test.afterAll(async () => {
    delete process.env.KUBECACHEDIR
    await kube?.stop()
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  test('a folder imports as two runbooks; reading runs, patching production asks', async ({
    app,
  }) => {
    test.setTimeout(120_000)
    // The production context and a shell pane on it.
    await app.getByTestId('hosts-toggle').click()
    await app.getByTestId('kubectl-add').click()
    await app.getByTestId('kubectl-kubeconfig').fill(kube.kubeconfigPath)
    await app.getByTestId('kubectl-read-contexts').click()
    await app.getByTestId('kubectl-context').selectOption('fixture-prod')
    await app.getByTestId('kubectl-name').fill('payments-prod')
    await app.getByTestId('kubectl-tags').fill('production')
    await app.getByTestId('kubectl-save').click()
    const row = app.getByTestId('kubectl-row').filter({ hasText: 'payments-prod' })
    const panes = app.locator('section[data-testid^="pane-"]')
    // The grid (with its local shell) mounts after the timeline's first page: count after it.
    await expect(panes.first()).toBeVisible()
    const before = await panes.count()
    await row.getByTestId('kubectl-shell').click()
    await expect(panes).toHaveCount(before + 1)
    const pane = panes.last()
    const channel = Number(/pane-(\d+)/.exec((await pane.getAttribute('data-testid')) ?? '')?.[1])
    await expect.poll(() => paneText(app, channel)).toMatch(/\S/)
    await app.getByTestId('hosts-toggle').click()

    await app.getByTestId('declare-incident').click()
    await app.getByTestId('declare-title').fill('Checkout 5xx')
    await app.getByTestId('declare-severity-P2').check()
    await app.getByTestId('declare-services').fill('payments')
    await app.getByTestId('declare-submit').click()
    await expect(app.getByTestId('incident-title')).toContainText('Checkout 5xx')

    // The folder: one README.md per directory, two distinct runbooks.
    const checklist = app.getByTestId('checklist')
    await checklist.getByTestId('runbook-import-open').click()
    await checklist.getByTestId('runbook-import-folder').setInputFiles(folder)
    const outcome = checklist.getByTestId('runbook-import-outcome')
    await expect(outcome).toBeVisible()
    await expect(checklist.getByTestId('runbook-import-new')).toContainText('en/oncall/readme')
    await expect(checklist.getByTestId('runbook-import-new')).toContainText(
      'en/oncall/payments/readme',
    )

    const select = checklist.getByTestId('runbook-select')
    const option = select.locator('option', { hasText: 'Payments pods' })
    await select.selectOption((await option.getAttribute('value')) ?? '')
    await checklist.getByTestId('runbook-start').click()
    const view = checklist
      .locator('[data-testid="runbook-view"]')
      .filter({ hasText: 'Payments pods' })
    await expect(view).toBeVisible()
    await view.getByTestId('runbook-mode-pane').click()
    await view
      .locator('label.rb-target', { hasText: 'payments-prod' })
      .getByTestId('runbook-target-pane')
      .check()

    // Reading only: typed into the production pane without a question; the prompt is not typed,
    // the pasted output is not run.
    const list = view.getByTestId('runbook-command').first()
    await list.getByTestId('runbook-run').click()
    await expect(app.getByTestId('runbook-confirm')).toHaveCount(0)
    await expect
      .poll(() => paneText(app, channel), { timeout: 20_000 })
      .toContain('api-7d9f8-abcde')
    expect(await paneText(app, channel)).not.toContain('$ kubectl')
    expect(await paneText(app, channel)).not.toContain('NAME: command not found')

    // Changing production: asks first, with the command, its reason and the pane.
    const patch = view.getByTestId('runbook-command').nth(1)
    await patch.getByTestId('runbook-run').click()
    const dialog = app.getByTestId('runbook-confirm')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('runbook-confirm-commands')).toContainText('patch')
    await expect(dialog.getByTestId('runbook-confirm-targets')).toContainText('payments-prod')
    // A review artefact (.tmp/screens, beside screens.spec's): the confirm button must be legible.
    await expect(dialog.getByTestId('runbook-confirm-run')).toBeVisible()
    await app.screenshot({ path: join(process.cwd(), '.tmp', 'screens', 'runbook-confirm.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toHaveCount(0)
    await app.waitForTimeout(500)
    expect(await paneText(app, channel)).not.toContain('patch deployment')
  })
})
