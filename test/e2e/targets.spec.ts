// SSH hosts end to end against real sshd instances: add a password host through the form,
// connect, trust its key in the prompt (fingerprint checked against sshd's own), type in the new
// pane; and a host whose recorded key is wrong is refused with both fingerprints named.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startKubeApi, type KubeApi } from '../helpers/services/kubeApi'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneChannel, paneRows, paneText, test } from './fixtures'
import { addHost, hostPane, hostRow as row } from './hosts'

test('a password host added through the form connects after its key is trusted', async ({
  app,
}) => {
  let sshd: Sshd | undefined
  try {
    sshd = await startSshd({ passwordUser: true })
    const creds = sshd.password
    if (!creds) throw new Error('sshd started without a password user')
    const name = 'db-primary-e2e'

    await addHost(app, {
      name,
      host: sshd.host,
      port: sshd.port,
      user: creds.user,
      auth: 'password',
      secret: creds.password,
    })
    const hostRow = row(app, name)
    await expect(hostRow).toContainText(`${creds.user}@${sshd.host}:${sshd.port}`)

    await hostRow.getByTestId('target-connect').click()
    const prompt = app.getByTestId('host-key-prompt')
    await expect(prompt).toBeVisible()
    await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(
      sshd.hostKeyFingerprintSha256,
    )
    await expect(prompt.getByTestId('host-key-known-types')).toHaveCount(0)
    // A click outside does not answer for the responder.
    await app.mouse.click(5, 5)
    await expect(prompt).toBeVisible()
    await prompt.getByTestId('host-key-trust').click()
    await expect(prompt).toHaveCount(0)

    const pane = hostPane(app, name)
    await expect(pane).toHaveCount(1)
    await expect(hostRow.getByTestId('target-error')).toHaveCount(0)
    const channel = await paneChannel(pane)

    // The sheet covers part of the grid: close it before typing into the pane.
    await app.getByTestId('hosts-toggle').click()
    await expect(app.getByTestId('hosts-panel')).toHaveCount(0)
    await expect.poll(() => paneText(app, channel)).toMatch(/\S/)
    await pane.locator('.xterm').click()
    await app.keyboard.type('echo ssh-$((6*7))')
    await app.keyboard.press('Enter')
    await expect.poll(() => paneRows(app, channel)).toContain('ssh-42')

    // The password was sealed in main: it is nowhere in the page, not even in the edit form.
    await app.getByTestId('hosts-toggle').click()
    await hostRow.getByTestId('target-edit').click()
    await expect(app.getByTestId('target-secret-state')).toContainText(/secret is stored/i)
    await expect(app.getByTestId('target-secret')).toHaveValue('')
    const pageText = await app.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea')].map(
        (el) => (el as HTMLInputElement).value,
      )
      return [document.documentElement.outerHTML, document.body.innerText, ...values].join('\n')
    })
    expect(pageText).not.toContain(creds.password)
    expect(await paneText(app, channel)).not.toContain(creds.password)
  } finally {
    await sshd?.stop()
  }
})

test('a host whose key changed is refused with both fingerprints named', async ({
  app,
  server,
}) => {
  test.skip(!server, 'plants a known_hosts file in the headless data folder')
  const dataDir = server?.dataDir ?? ''
  let a: Sshd | undefined
  let b: Sshd | undefined
  try {
    ;[a, b] = await Promise.all([startSshd(), startSshd()])
    // Sitrep's own known_hosts says host A has B's key: what a swapped server looks like.
    const wrong = b.knownHostsLine.replace(`[127.0.0.1]:${b.port} `, `[127.0.0.1]:${a.port} `)
    expect(wrong).not.toBe(b.knownHostsLine)
    writeFileSync(join(dataDir, 'known_hosts'), `${wrong}\n`)

    const name = 'web-swapped-e2e'
    await addHost(app, {
      name,
      host: a.host,
      port: a.port,
      user: a.user,
      auth: 'key',
      keyPath: a.clientKeyPath,
    })
    const hostRow = row(app, name)
    await hostRow.getByTestId('target-connect').click()
    const error = hostRow.getByTestId('target-error')
    await expect(error).toContainText(/host key .* CHANGED/)
    await expect(error).toContainText(a.hostKeyFingerprintSha256)
    await expect(error).toContainText(b.hostKeyFingerprintSha256)
    await expect(app.getByTestId('host-key-prompt')).toHaveCount(0)
    await expect(hostPane(app, name)).toHaveCount(0)
    await expect(hostRow.getByTestId('target-connect')).toBeEnabled()
  } finally {
    await Promise.all([a?.stop(), b?.stop()])
  }
})

test('a pasted ssh config imports its hosts; a bad line is named and the text is kept', async ({
  app,
}) => {
  await app.getByTestId('hosts-toggle').click()
  const panel = app.getByTestId('hosts-panel')
  await panel.getByText(/paste a config/i).click()
  const text = panel.getByTestId('target-import-text')
  const bad = 'Host broken-e2e\n  HostName 10.9.9.9\n  Port eighty\n'
  await text.fill(bad)
  await panel.getByTestId('target-import-paste').click()
  await expect(panel.getByTestId('target-import-error')).toContainText(/3/)
  await expect(panel.getByTestId('target-import-error')).toContainText('eighty')
  await expect(text).toHaveValue(bad)

  await text.fill(
    [
      'Host jump-e2e',
      '  HostName 10.9.9.1',
      '  User ops',
      'Host app-e2e',
      '  HostName 10.9.9.2',
      '  Port 2222',
      '  User deploy',
      '  ProxyJump jump-e2e',
      'Host ssm-e2e',
      '  HostName i-0abc123',
      '  ProxyCommand aws ssm start-session --target %h --document-name AWS-StartSSHSession',
      'Host typo-e2e',
      '  HostName %z.example',
      // An absolute path: a relative one would be looked up in the real ~/.ssh, as ssh does.
      'Include /nonexistent-sitrep-e2e/other.conf',
    ].join('\n'),
  )
  await panel.getByTestId('target-import-paste').click()
  // Read through OpenSSH (ssh -G): each host with its route, the one ssh refuses named.
  await expect(panel.getByTestId('target-import-outcome')).toContainText('3')
  await expect(panel.getByTestId('target-import-warnings')).toContainText(/Include/)
  const hosts = panel.getByTestId('target-import-host')
  await expect(hosts.filter({ hasText: 'app-e2e' })).toContainText('via jump-e2e')
  await expect(hosts.filter({ hasText: 'ssm-e2e' })).toContainText(
    'via ProxyCommand: aws ssm start-session --target %h',
  )
  await expect(panel.getByTestId('target-import-failed')).toContainText(/typo-e2e.*%z/)
  await expect(
    panel
      .getByTestId('target-row')
      .filter({ hasText: 'ssm-e2e' })
      .getByTestId('target-proxy-command'),
  ).toContainText('AWS-StartSSHSession')
  const appRow = panel.getByTestId('target-row').filter({ hasText: 'app-e2e' })
  await expect(appRow).toContainText('deploy@10.9.9.2:2222')
  await expect(appRow).toContainText('jump-e2e')

  // Main refuses a bad port; what was typed stays in the form.
  await appRow.getByTestId('target-edit').click()
  const form = panel.getByTestId('target-form')
  await form.getByTestId('target-port').fill('99999')
  await form.getByTestId('target-tags').fill('web, production')
  await form.getByTestId('target-save').click()
  await expect(form.getByTestId('target-form-error')).toBeVisible()
  await expect(form.getByTestId('target-port')).toHaveValue('99999')
  await expect(form.getByTestId('target-tags')).toHaveValue('web, production')
  await form.getByTestId('target-port').fill('2222')
  await form.getByTestId('target-save').click()
  await expect(form).toHaveCount(0)
  await expect(appRow.getByTestId('target-prod')).toBeVisible()
})

test.describe('kubectl and psql targets', () => {
  let kube: KubeApi
  test.beforeAll(async () => {
    kube = await startKubeApi()
    // The headless server's kubectl inherits this: its discovery cache stays in the fixture.
    process.env.KUBECACHEDIR = kube.env.KUBECACHEDIR
  })
  test.afterAll(async () => {
    delete process.env.KUBECACHEDIR
    await kube?.stop()
  })

  test('a kubectl context added from the kubeconfig lists pods; exec opens a pane in the pod', async ({
    app,
  }) => {
    kube.cluster.setPod('payments', 'worker-5c6b7-klmno', {
      ready: false,
      restarts: 3,
      waitingReason: 'CrashLoopBackOff',
    })
    await app.getByTestId('hosts-toggle').click()
    await app.getByTestId('kubectl-add').click()
    await app.getByTestId('kubectl-kubeconfig').fill(kube.kubeconfigPath)
    await app.getByTestId('kubectl-read-contexts').click()
    await expect(app.getByTestId('kubectl-context')).toHaveValue('fixture-staging')
    await app.getByTestId('kubectl-context').selectOption('fixture-prod')
    await app.getByTestId('kubectl-name').fill('payments-prod')
    await app.getByTestId('kubectl-tags').fill('production')
    await app.getByTestId('kubectl-save').click()

    const row = app.getByTestId('kubectl-row').filter({ hasText: 'payments-prod' })
    await expect(row).toContainText('fixture-prod')
    await expect(row).toContainText('PROD')
    await row.getByTestId('kubectl-pods').click()
    const pods = row.getByTestId('pod-row')
    await expect(pods).toHaveCount(3)
    await expect(pods.filter({ hasText: 'worker-5c6b7-klmno' })).toContainText('restarts 3')

    // The grid (with its local shell) mounts after the timeline's first page: count after it.
    await expect(app.locator('section[data-testid^="pane-"]').first()).toBeVisible()
    const before = await app.locator('section[data-testid^="pane-"]').count()
    await pods.filter({ hasText: 'api-7d9f8-abcde' }).getByTestId('pod-exec').click()
    await expect(app.locator('section[data-testid^="pane-"]')).toHaveCount(before + 1)
    const last = app.locator('section[data-testid^="pane-"]').last()
    const channel = Number(/pane-(\d+)/.exec((await last.getAttribute('data-testid')) ?? '')?.[1])
    await expect.poll(() => paneText(app, channel)).toContain('api-7d9f8-abcde:~# ')
    await app.getByTestId('hosts-toggle').click()
    await last.locator('.xterm').click()
    await app.keyboard.type('echo in-pod-$((6*7)) $POD_NAMESPACE')
    await app.keyboard.press('Enter')
    await expect.poll(() => paneText(app, channel)).toContain('in-pod-42 payments')
  })

  test('a kubeconfig path that does not exist is named, and the typed path stays', async ({
    app,
  }) => {
    await app.getByTestId('hosts-toggle').click()
    await app.getByTestId('kubectl-add').click()
    await app.getByTestId('kubectl-kubeconfig').fill(join(kube.dir, 'missing-kubeconfig'))
    await app.getByTestId('kubectl-read-contexts').click()
    await expect(app.getByTestId('kubectl-read-error')).toContainText('does not exist')
    // What was typed stays, so the path can be corrected.
    await expect(app.getByTestId('kubectl-kubeconfig')).toHaveValue(
      join(kube.dir, 'missing-kubeconfig'),
    )
  })
})
