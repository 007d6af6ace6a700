// The first incident with the keyboard only — not one mouse event: declare (title, severity),
// two notes and an output marked as evidence from inside a terminal pane, start a runbook, fill
// its placeholder, run a step on every host of a tag through its confirmation, post a status
// update, resolve. axe runs on every view on the way (no serious or critical violation), the
// keys pressed (typed text excluded) are counted and printed for BENCHMARKS.md, and the
// palette, the sheet and a note taken from inside a pane are saved under .tmp/screens/, in
// English and Japanese.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneText, test, type Headless } from './fixtures'

test.skip(({ shell }) => shell !== 'chromium', 'keyboard flow and axe run in one browser')

const SCREENS = join(process.cwd(), '.tmp', 'screens')

async function violations(page: Page, view: string): Promise<string[]> {
  await page.waitForTimeout(150)
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.xterm')
    .analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

/** One call over the page's own bridge socket (its origin and session cookie): setup only. */
async function bridgeCall(page: Page, server: Headless, method: string, params: unknown) {
  return page.evaluate(
    ({ token, method, params }) =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/bridge?token=${token}`)
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }))
        ws.onmessage = (m) => {
          if (typeof m.data !== 'string') return
          const msg = JSON.parse(m.data) as { id?: number; ok?: boolean; error?: unknown }
          if (msg.id !== 1) return
          ws.close()
          if (msg.ok) resolve(msg)
          else reject(new Error(JSON.stringify(msg.error)))
        }
        ws.onerror = () => reject(new Error('bridge socket failed'))
      }),
    { token: server.token, method, params },
  )
}

const DRILL = `---
title: Keyboard drill
id: keyboard-drill
version: 1
---

# Keyboard drill

| Placeholder | What to fill in | Example |
|-------------|-----------------|---------|
| \`<service>\` | The service to check | \`todo-api\` |

## 1. Check the hosts

- [ ] Say on every application host which service is checked
  \`\`\`bash {name=drill-check target=app confirm}
  echo "checking <service> on $(hostname)"
  \`\`\`
`

interface Counter {
  keys: string[]
}

/** A key that counts (typed text does not). */
async function press(app: Page, c: Counter, key: string): Promise<void> {
  c.keys.push(key)
  await app.keyboard.press(key)
}

async function type(app: Page, text: string): Promise<void> {
  await app.keyboard.type(text)
}

for (const lang of ['en', 'ja'] as const) {
  test(`the first incident, keyboard only (${lang})`, async ({ app, server }) => {
    test.setTimeout(180_000)
    if (!server) throw new Error('headless server missing')
    let a: Sshd | undefined
    let b: Sshd | undefined
    try {
      // Setup, before the app opens: two saved hosts tagged "app" (their keys already trusted)
      // and the drill runbook, as a responder's laptop would have them.
      ;[a, b] = await Promise.all([startSshd(), startSshd()])
      writeFileSync(
        join(server.dataDir, 'known_hosts'),
        `${a.knownHostsLine}\n${b.knownHostsLine}\n`,
      )
      for (const [name, s] of [
        ['app-1-kb', a],
        ['app-2-kb', b],
      ] as const) {
        await bridgeCall(app, server, 'targets.saveSsh', {
          name,
          host: s.host,
          port: s.port,
          user: s.user,
          authKind: 'key',
          keyPath: s.clientKeyPath,
          tags: ['app'],
        })
      }
      await bridgeCall(app, server, 'runbooks.importText', { text: DRILL, source: 'drill.md' })
      await app.evaluate((l) => localStorage.setItem('sitrep.locale', l), lang)
      await app.setViewportSize({ width: 1440, height: 900 })
      // Any real mouse event from here on fails the test. (Not `click`: Enter on a button
      // fires a trusted click too; a mouse always comes with pointerdown/mousedown.)
      await app.addInitScript(() => {
        const w = window as unknown as { __mouse: number }
        w.__mouse = 0
        for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointermove', 'wheel'])
          window.addEventListener(type, (e) => e.isTrusted && w.__mouse++, true)
      })
      await app.reload()

      const c: Counter = { keys: [] }
      const found: string[] = []
      const started = Date.now()

      // App open: focus is on Declare, not in a shell.
      const declare = app.getByTestId('declare-incident')
      await expect(declare).toBeFocused()
      await expect.poll(() => paneText(app)).toMatch(/\S/)
      found.push(...(await violations(app, 'first screen')))

      // Declare: Enter, the title, Enter without a severity says what to do and goes there.
      await press(app, c, 'Enter')
      await expect(app.getByTestId('declare-title')).toBeFocused()
      await type(app, 'Checkout API returns 502')
      await press(app, c, 'Enter')
      const missing = app.getByTestId('declare-severity-missing')
      await expect(missing).toHaveText(
        lang === 'en' ? 'Choose a severity.' : '重大度を選んでください。',
      )
      await expect(app.getByTestId('declare-severity-P1')).toBeFocused()
      found.push(...(await violations(app, 'declare, severity missing')))
      await press(app, c, 'ArrowDown')
      await expect(app.getByTestId('declare-severity-P2')).toBeChecked()
      await press(app, c, 'Enter')
      await expect(app.getByTestId('incident-title')).toHaveText('Checkout API returns 502')
      // The note box has the keyboard after declaring.
      await expect(app.getByTestId('note-input')).toBeFocused()
      found.push(...(await violations(app, 'incident')))

      // Into the terminals (F6 from the timeline), run a command, and take notes from there.
      await press(app, c, 'F6')
      const term = app.locator('section[data-testid^="pane-"] .xterm-helper-textarea').first()
      await expect(term).toBeFocused()
      await type(app, 'echo kb-$((6*7))-evidence')
      await press(app, c, 'Enter')
      await expect.poll(() => paneText(app)).toMatch(/^kb-42-evidence$/m)
      const noteRows = app.locator('[data-testid="timeline-row"][data-kind="note"]')

      await press(app, c, 'Control+Shift+A')
      const quick = app.getByTestId('quick-note-input')
      await expect(quick).toBeFocused()
      await type(app, 'Errors started at 14:02 after deploy')
      await app.screenshot({ path: join(SCREENS, `keyboard-${lang}-note-from-pane.png`) })
      found.push(...(await violations(app, 'quick note')))
      await press(app, c, 'Enter')
      await expect(app.getByTestId('quick-note')).toHaveCount(0)
      await expect(term).toBeFocused()
      await expect(noteRows).toHaveCount(1)

      await press(app, c, 'Control+Shift+H')
      await expect(app.getByTestId('quick-note')).toHaveAttribute('data-pinned', 'true')
      await type(app, 'Rollback of v2.3.1 is the plan')
      await press(app, c, 'Enter')
      await expect(term).toBeFocused()
      await expect(noteRows).toHaveCount(2)
      await expect(noteRows.last()).toHaveAttribute('data-pinned', 'true')

      // The last command's output, as evidence.
      await press(app, c, 'Control+Shift+O')
      await expect(noteRows).toHaveCount(3)
      await expect(noteRows.last()).toContainText('echo kb-$((6*7))-evidence')
      // The note holds the output itself, fenced (read back from the timeline, not the screen).
      const incidentId = await app.evaluate(() => localStorage.getItem('sitrep.activeIncident'))
      const listed = (await bridgeCall(app, server, 'timeline.list', { incidentId })) as {
        result: { kind: string; payload: { text?: string } }[]
      }
      const evidence = listed.result.filter((e) => e.kind === 'note').at(-1)?.payload.text ?? ''
      expect(evidence).toMatch(/```text\nkb-42-evidence\n```$/)
      await expect(term).toBeFocused()

      // Start the runbook from the palette, from inside the pane.
      await press(app, c, 'Control+Shift+P')
      await expect(app.getByTestId('palette-input')).toBeFocused()
      await type(app, lang === 'en' ? 'start keyboard drill' : 'ランブック drill')
      await expect(app.getByTestId('palette-option').first()).toHaveAttribute(
        'data-command',
        'runbook.start',
      )
      await app.screenshot({ path: join(SCREENS, `keyboard-${lang}-palette.png`) })
      found.push(...(await violations(app, 'palette')))
      await press(app, c, 'Enter')
      const view = app.getByTestId('runbook-view').filter({ hasText: 'Keyboard drill' })
      await expect(view).toBeVisible()
      await expect(view.locator('.rb-title')).toBeFocused()
      found.push(...(await violations(app, 'runbook')))

      // Run the next step on every host tagged "app": the placeholder is asked for first.
      await press(app, c, 'Control+K')
      await type(app, lang === 'en' ? 'tagged app' : 'タグ app')
      await expect(app.getByTestId('palette-option').first()).toHaveAttribute(
        'data-command',
        'runbook.runOnTag',
      )
      await press(app, c, 'Enter')
      const command = view.locator('[data-command="drill-check"]')
      await expect(command.getByTestId('runbook-fill-missing')).toContainText('service')
      await expect(command.getByTestId('runbook-step-param-service')).toBeFocused()
      await type(app, 'todo-api')
      await press(app, c, 'Control+Shift+X')
      const confirm = app.getByTestId('runbook-confirm')
      await expect(confirm).toBeVisible()
      await expect(confirm.getByTestId('runbook-confirm-targets')).toContainText('app-1-kb')
      await expect(confirm.getByTestId('runbook-confirm-targets')).toContainText('app-2-kb')
      const by = confirm.getByTestId('runbook-confirm-by')
      await expect(by).toBeFocused()
      found.push(...(await violations(app, 'run confirmation')))
      // A probe, not counted: while the confirmation asks, no command opens anything over it.
      await app.keyboard.press('Control+Shift+A')
      await expect(app.getByTestId('quick-note')).toHaveCount(0)
      await expect(by).toBeFocused()
      await type(app, 'kenji')
      await press(app, c, 'Enter')
      const results = command.getByTestId('runbook-result')
      await expect(results).toHaveCount(2, { timeout: 30_000 })
      const toRunning = c.keys.length
      const toRunningMs = Date.now() - started
      for (const name of ['app-1-kb', 'app-2-kb']) {
        const r = command.locator(`[data-testid="runbook-result"][data-target="${name}"]`)
        await expect(r.getByTestId('runbook-result-exit')).toHaveText(
          lang === 'en' ? 'exit 0' : '終了コード 0',
        )
        await expect(r.getByTestId('runbook-result-stdout')).toContainText('checking todo-api on')
      }
      found.push(...(await violations(app, 'run results')))

      // The shortcut sheet, from outside text fields.
      await press(app, c, '?')
      const sheet = app.getByTestId('shortcut-sheet')
      await expect(sheet).toBeVisible()
      await app.screenshot({ path: join(SCREENS, `keyboard-${lang}-sheet.png`) })
      found.push(...(await violations(app, 'shortcut sheet')))
      await press(app, c, 'Escape')
      await expect(sheet).toHaveCount(0)

      // Post a status update.
      await press(app, c, 'Control+Shift+S')
      const su = app.getByTestId('su-text')
      await expect(su).toBeFocused()
      found.push(...(await violations(app, 'status update')))
      await press(app, c, 'Control+Enter')
      await expect(app.getByTestId('su-notice')).toBeVisible()
      await press(app, c, 'Escape')
      await expect(app.getByTestId('panel-statusUpdate')).toHaveCount(0)

      // Resolve, through the same confirmation as the button.
      app.once('dialog', (d) => {
        c.keys.push('Enter (confirm)')
        void d.accept()
      })
      await press(app, c, 'Control+Shift+P')
      await type(app, lang === 'en' ? 'status resolved' : 'ステータス 解決')
      await expect(app.getByTestId('palette-option').first()).toHaveAttribute(
        'data-command',
        'incident.status',
      )
      await press(app, c, 'Enter')
      await expect(app.getByTestId('incident-status')).toHaveAttribute('data-status', 'resolved')
      found.push(...(await violations(app, 'resolved')))

      const mouse = await app.evaluate(() => (window as unknown as { __mouse: number }).__mouse)
      expect(mouse, 'mouse events during the keyboard flow').toBe(0)
      expect(found, found.join('\n')).toEqual([])
      console.log(
        `keyboard (${lang}): ${toRunning} keys from app open to a step running on every host of a tag (${toRunningMs} ms); ${c.keys.length} keys for the whole incident: ${c.keys.join(' ')}`,
      )
      expect(toRunning).toBeLessThanOrEqual(25)
    } finally {
      await Promise.all([a?.stop(), b?.stop()])
    }
  })
}

test('regions, dialogs and the live region, by keyboard', async ({ app }) => {
  test.setTimeout(120_000)
  await app.setViewportSize({ width: 1440, height: 900 })
  await expect(app.getByTestId('declare-incident')).toBeFocused()
  // Its tooltip names this OS's keys, from the table.
  await expect(app.getByTestId('declare-incident')).toHaveAttribute('title', /\(Ctrl\+Shift\+D\)$/)
  await expect.poll(() => paneText(app)).toMatch(/\S/)
  const term = app.locator('section[data-testid^="pane-"] .xterm-helper-textarea').first()

  // Declare, then the note box has focus; after a reload it has it again (never a shell).
  await app.keyboard.press('Control+Shift+D')
  await app.keyboard.type('Disk full on db-1')
  await app.getByTestId('declare-severity-P3').focus()
  await app.keyboard.press('Space')
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('note-input')).toBeFocused()
  // The live region reads what lands on the timeline.
  await expect(app.getByTestId('announce-polite')).toContainText('Disk full on db-1')
  await app.reload()
  await expect(app.getByTestId('note-input')).toBeFocused()
  // The terminal grid mounts once the timeline's first page is painted (issue #20).
  await expect(term).toBeAttached()

  // F6 walks the regions in the order the eye reads them, Shift+F6 back.
  await app.keyboard.press('F6') // timeline → terminals
  await expect(term).toBeFocused()
  // xterm's own input is invisible: the pane shows that it has the keyboard.
  const pane = app.locator('section[data-testid^="pane-"]').first()
  await expect(pane).toHaveCSS('outline-style', 'solid')
  await expect(pane).toHaveCSS('outline-width', '2px')
  await app.screenshot({ path: join(SCREENS, 'keyboard-en-pane-focused.png') })
  await app.keyboard.press('F6')
  expect(
    await app.evaluate(() =>
      document.querySelector('[data-testid="checklist"]')?.contains(document.activeElement),
    ),
  ).toBe(true)
  await app.keyboard.press('F6')
  expect(
    await app.evaluate(() =>
      document.querySelector('[data-testid="metrics"]')?.contains(document.activeElement),
    ),
  ).toBe(true)
  await app.keyboard.press('F6')
  expect(
    await app.evaluate(() =>
      document.querySelector('[data-testid="incident-header"]')?.contains(document.activeElement),
    ),
  ).toBe(true)
  await app.keyboard.press('Shift+F6')
  expect(
    await app.evaluate(() =>
      document.querySelector('[data-testid="metrics"]')?.contains(document.activeElement),
    ),
  ).toBe(true)

  // In a pane Tab is the shell's until "Tab moves focus" is on; then Tab leaves the pane.
  await app.keyboard.press('Shift+F6') // metrics → checklist
  await app.keyboard.press('Shift+F6') // → terminals, back to the pane typed in last
  await expect(term).toBeFocused()
  await app.keyboard.press('Tab')
  await expect(term).toBeFocused()
  await app.keyboard.press('Control+Shift+M')
  await expect(app.getByTestId('announce-polite')).toContainText('Tab moves focus: on')
  await app.keyboard.press('Tab')
  await expect(term).not.toBeFocused()
  await app.keyboard.press('Control+Shift+M')

  // Export and the metrics dashboard take focus, close on Escape, and give it back.
  await app.getByTestId('note-input').focus()
  for (const [name, testId] of [
    ['export the incident', 'export-dialog'],
    ['metrics dashboard', 'metrics-dashboard'],
    ['open hosts', 'hosts-panel'],
  ] as const) {
    await app.keyboard.press('Control+K')
    await app.keyboard.type(name)
    await app.keyboard.press('Enter')
    const dialog = app.getByTestId(testId)
    await expect(dialog).toBeVisible()
    expect(
      await dialog.evaluate((el) => el.contains(document.activeElement)),
      `${testId} took focus`,
    ).toBe(true)
    // Tab stays inside.
    for (let i = 0; i < 25; i++) await app.keyboard.press('Tab')
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    await app.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(app.getByTestId('note-input')).toBeFocused()
  }

  // A dialog opened from the More menu gives focus back to the menu's button.
  const more = app.getByTestId('header-more')
  await more.focus()
  await app.keyboard.press('ArrowDown')
  await app.getByTestId('open-export').focus()
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('export-dialog')).toBeVisible()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('export-dialog')).toHaveCount(0)
  await expect(more).toBeFocused()

  // "Go to pane" brings a pane on another page into view and into focus: a second shell from
  // the palette, one pane per page, then to the one not shown, by its number.
  await app.getByTestId('note-input').focus()
  await app.keyboard.press('Control+K')
  await app.keyboard.type('local shell')
  await app.keyboard.press('Enter')
  const panes = app.locator('section[data-testid^="pane-"]')
  await expect(panes).toHaveCount(2)
  await app.getByTestId('grid-layout').selectOption('1')
  const hidden = panes.and(app.locator('.pane-hidden'))
  await expect(hidden).toHaveCount(1)
  const other = (await hidden.getAttribute('data-testid')) ?? ''
  await app.getByTestId('note-input').focus()
  await app.keyboard.press('Control+K')
  await app.keyboard.type(`pane #${other.replace('pane-', '')})`)
  await expect(app.getByTestId('palette-option').first()).toHaveAttribute(
    'data-command',
    'pane.jump',
  )
  await app.keyboard.press('Enter')
  await expect(app.getByTestId(other)).not.toHaveClass(/pane-hidden/)
  await expect(app.getByTestId(other).locator('.xterm-helper-textarea')).toBeFocused()
  await app.getByTestId('grid-layout').selectOption('auto')
  await app.getByTestId('note-input').focus()

  // Escape typed in a pane is the pane's: a sheet open behind it stays open.
  await app.keyboard.press('Control+K')
  await app.keyboard.type('open hosts')
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('hosts-panel')).toBeVisible()
  // The sheet opens on the left: click into the pane on the right.
  const right = app.locator('section[data-testid^="pane-"]').last()
  await right.locator('.xterm').click({ timeout: 10_000 })
  await expect(right.locator('.xterm-helper-textarea')).toBeFocused()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('hosts-panel')).toBeVisible()
})
