// After the backend dies: the old tab sees a banner saying since when the core is gone, keeps
// retrying, and once a server restarted on the same data folder and port is up it is let back
// in (the token lives in the data folder), the incident is open again, the SSH pane is back on
// a restored session that answers commands below a line saying what was lost, and the local
// shell's pane says its process is gone and offers a new shell.
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneChannel, paneText, startHeadless, test, type Headless } from './fixtures'
import { hostPane, openKeyHost } from './hosts'

test.skip(
  ({ shell }) => shell !== 'chromium',
  'restarting the backend under a live tab is headless',
)

/** The pane's text with xterm's row breaks removed: a long notice wraps over rows. */
async function flatText(app: Parameters<typeof paneText>[0], channel: number): Promise<string> {
  return (await paneText(app, channel)).replace(/\n/g, '')
}

/** What the responder reads, per UI language. */
const words = {
  en: {
    lost: 'Lost the connection to the Sitrep core at',
    reconnecting: 'Reconnecting',
    back: 'Reconnected at',
    restored:
      /— session restored after Sitrep restarted at (\d\d:\d\d:\d\d); output between (\d\d:\d\d:\d\d) and (\d\d:\d\d:\d\d) was not received —/,
    localGone: 'this local shell ended when Sitrep stopped',
  },
  ja: {
    lost: 'Sitrep コアとの接続が切れました',
    reconnecting: '再接続しています',
    back: '再接続しました',
    restored:
      /— Sitrep が (\d\d:\d\d:\d\d) に再起動したため、セッションを復元しました。(\d\d:\d\d:\d\d) から (\d\d:\d\d:\d\d) までの出力は受信していません —/,
    localGone: 'このローカルシェルは終了しました',
  },
}

for (const lang of ['en', 'ja'] as const) {
  test(`SIGKILL of the backend (${lang}): banner, same tab back in, incident open, SSH pane restored`, async ({
    app,
    server,
    dataDir,
  }) => {
    test.setTimeout(120_000)
    if (!server) throw new Error('headless server missing')
    const w = words[lang]
    if (lang === 'ja') {
      // The language is the page's own setting; a reload serves from the cookie.
      await app.evaluate(() => localStorage.setItem('sitrep.locale', 'ja'))
      await app.reload()
    }
    let sshd: Sshd | undefined
    let restarted: Headless | undefined
    try {
      sshd = await startSshd()

      // An incident, a local shell (opened by itself) and an SSH pane opened for the incident.
      await expect(app.getByTestId('declare-incident')).toBeVisible()
      await app.keyboard.press('Control+Shift+D')
      await expect(app.getByTestId('declare-title')).toBeFocused()
      await app.getByTestId('declare-title').fill('Checkout 5xx after deploy')
      await app.getByTestId('declare-severity-P2').check()
      await app.getByTestId('declare-services').fill('checkout')
      await app.getByTestId('declare-title').press('Enter')
      await expect(app.getByTestId('incident-title')).toHaveText('Checkout 5xx after deploy')
      const localPane = app.locator('[data-testid^="pane-"]').filter({
        has: app.locator('.pane-title', { hasText: 'local:' }),
      })
      await expect(localPane).toHaveCount(1)

      const before = await openKeyHost(app, sshd, 'restore-host')
      const ssh = hostPane(app, 'restore-host')
      await expect(ssh).toHaveClass(/pane-connected/)
      await ssh.locator('.xterm').click()
      await app.keyboard.type('echo before-$((2*3))')
      await app.keyboard.press('Enter')
      await expect.poll(() => paneText(app, before)).toContain('before-6')
      // The responder put the SSH pane first; the restored one must keep that place.
      const order = (l: typeof ssh) => l.evaluate((el) => (el as HTMLElement).style.order)
      await ssh.locator('.pane-bar').dragTo(localPane.locator('.pane-body'))
      await expect.poll(() => order(ssh)).toBe('0')

      // The backend dies without a word.
      const killedAt = Date.now()
      server.process.kill('SIGKILL')
      await new Promise<void>((resolve) => {
        if (server.process.exitCode !== null || server.process.signalCode !== null) resolve()
        else server.process.once('exit', () => resolve())
      })
      const banner = app.getByTestId('reconnect-banner')
      await expect(banner).toHaveAttribute('data-state', 'down', { timeout: 10_000 })
      await expect(banner).toContainText(w.lost)
      await expect(banner).toContainText(w.reconnecting)
      const bannerMs = Date.now() - killedAt

      // A new server on the same data folder and port; the tab is not reloaded.
      const restartAt = Date.now()
      restarted = await startHeadless(dataDir, { port: server.port })
      const serverUpAt = Date.now()
      expect(restarted.port).toBe(server.port)
      await expect(banner).toHaveAttribute('data-state', 'back', { timeout: 15_000 })
      const reconnectMs = Date.now() - serverUpAt
      await expect(banner).toContainText(w.back)

      // The incident is open again in the header.
      await expect(app.getByTestId('incident-title')).toHaveText('Checkout 5xx after deploy')

      // The SSH pane is back, connected to a restored session, with its old screen kept and the
      // restore line below it.
      await expect(ssh).toHaveCount(1)
      await expect(ssh).toHaveClass(/pane-connected/, { timeout: 30_000 })
      const connectedMs = Date.now() - serverUpAt
      const after = await paneChannel(ssh)
      await expect.poll(() => flatText(app, after)).toMatch(w.restored)
      // Lost from the last byte recorded before the kill until the restart.
      const [, restartedAt, from, to] = w.restored.exec(await flatText(app, after)) ?? []
      expect(to).toBe(restartedAt)
      expect(from! <= to!).toBe(true)
      expect(await paneText(app, after)).toContain('before-6')
      expect(await order(ssh)).toBe('0')
      await ssh.locator('.xterm').click()
      await app.keyboard.type('echo back-$((6*7))')
      await app.keyboard.press('Enter')
      await expect.poll(() => paneText(app, after), { timeout: 15_000 }).toContain('back-42')

      // The local shell died with the backend: its pane says so and offers a new one.
      await expect(localPane).toHaveClass(/pane-closed/)
      const lostChannel = await paneChannel(localPane)
      await expect.poll(() => flatText(app, lostChannel)).toContain(w.localGone)
      const freshLocal = app.locator('[data-testid^="pane-"].pane-connected').filter({
        has: app.locator('.pane-title', { hasText: 'local:' }),
      })
      const lostLocal = app.locator('[data-testid^="pane-"].pane-closed').filter({
        has: app.locator('.pane-title', { hasText: 'local:' }),
      })
      // English: the responder takes the new shell at once. Japanese: only after a reload,
      // which shows the ended pane again from what the core says it could not reopen.
      if (lang === 'en') {
        await localPane.getByTestId('pane-new-shell').click()
        await expect(freshLocal).toHaveCount(1)
        await expect(lostLocal).toHaveCount(0)
      }

      // The banner goes away by itself.
      await expect(banner).toHaveCount(0, { timeout: 15_000 })

      // A reload starts the page from nothing: the restored pane says so above its replay.
      await app.reload()
      await expect(app.getByTestId('incident-title')).toHaveText('Checkout 5xx after deploy')
      await expect(ssh).toHaveClass(/pane-connected/)
      const reloaded = await paneChannel(ssh)
      await expect.poll(() => flatText(app, reloaded)).toMatch(w.restored)
      await expect.poll(() => paneText(app, reloaded)).toContain('back-42')
      if (lang === 'en') {
        // The ended pane the responder closed stays closed; the new shell is there.
        await expect(freshLocal).toHaveCount(1)
        await expect(lostLocal).toHaveCount(0)
      } else {
        await expect(lostLocal).toHaveCount(1)
        await expect(freshLocal).toHaveCount(0)
        const again = await paneChannel(lostLocal)
        await expect.poll(() => flatText(app, again)).toContain(w.localGone)
        await lostLocal.getByTestId('pane-new-shell').click()
        await expect(freshLocal).toHaveCount(1)
        await expect(lostLocal).toHaveCount(0)
      }

      console.log(
        `FIGURES restart: banner ${bannerMs} ms after the kill; server start ${serverUpAt - restartAt} ms; page reconnected ${reconnectMs} ms and SSH pane connected ${connectedMs} ms after the server printed its URL`,
      )
    } finally {
      await restarted?.stop()
      await sshd?.stop()
    }
  })
}
