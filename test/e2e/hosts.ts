// The Hosts sheet as a responder uses it: add an SSH host through the form, connect it, trust
// its key in the prompt, and find the pane it opened.
import type { Page } from '@playwright/test'
import type { Sshd } from '../helpers/services/sshd'
import { expect, paneChannel } from './fixtures'

export interface HostFields {
  name: string
  host: string
  port: number
  user: string
  auth: 'password' | 'key'
  secret?: string
  keyPath?: string
  /** Comma-separated, as typed: "production" marks the host PROD. */
  tags?: string
}

export async function addHost(app: Page, f: HostFields): Promise<void> {
  const toggle = app.getByTestId('hosts-toggle')
  await expect(toggle).toBeVisible()
  if ((await app.getByTestId('hosts-panel').count()) === 0) await toggle.click()
  await app.getByTestId('target-add').click()
  const form = app.getByTestId('target-form')
  await form.getByTestId('target-name').fill(f.name)
  await form.getByTestId('target-host').fill(f.host)
  await form.getByTestId('target-port').fill(String(f.port))
  await form.getByTestId('target-user').fill(f.user)
  await form.getByTestId('target-auth').selectOption(f.auth)
  if (f.keyPath) await form.getByTestId('target-key-path').fill(f.keyPath)
  if (f.secret) await form.getByTestId('target-secret').fill(f.secret)
  if (f.tags) await form.getByTestId('target-tags').fill(f.tags)
  await form.getByTestId('target-save').click()
  await expect(form).toHaveCount(0)
}

export function hostRow(app: Page, name: string) {
  return app.getByTestId('target-row').filter({ hasText: name })
}

/** The pane whose title names the host. */
export function hostPane(app: Page, name: string) {
  return app
    .locator('[data-testid^="pane-"]')
    .filter({ has: app.locator('.pane-title', { hasText: name }) })
}

/**
 * Connects an added host, trusts its key after checking the prompt shows `fingerprint`, closes
 * the sheet and returns the new pane's session channel.
 */
export async function connectTrusting(
  app: Page,
  name: string,
  fingerprint: string,
): Promise<number> {
  await hostRow(app, name).getByTestId('target-connect').click()
  const prompt = app.getByTestId('host-key-prompt')
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(fingerprint)
  await prompt.getByTestId('host-key-trust').click()
  await expect(prompt).toHaveCount(0)
  const pane = hostPane(app, name)
  await expect(pane).toHaveCount(1)
  await app.getByTestId('hosts-toggle').click()
  await expect(app.getByTestId('hosts-panel')).toHaveCount(0)
  return paneChannel(pane)
}

/** Adds a key-auth host for a test sshd, connects it and returns the pane's channel. */
export async function openKeyHost(app: Page, sshd: Sshd, name: string): Promise<number> {
  await addHost(app, {
    name,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: 'key',
    keyPath: sshd.clientKeyPath,
  })
  return connectTrusting(app, name, sshd.hostKeyFingerprintSha256)
}
