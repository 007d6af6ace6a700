// The terminal grid with many panes: layouts, broadcast input to an explicit set of targets,
// and OSC 52 clipboard writes (never reads).
import { createHash } from 'node:crypto'
import type { Page } from '@playwright/test'
import { expect, paneRows as rows, paneText, test } from './fixtures'

const PANES = 'section[data-testid^="pane-"]'

/** Channels of the panes on the page, in DOM order. */
async function channels(page: Page): Promise<number[]> {
  const ids = await page
    .locator(PANES)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''))
  return ids
    .map((id) => /^pane-(\d+)$/.exec(id)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
}

/** Opens local shells until there are `count` panes, each showing its prompt. */
async function openPanes(page: Page, count: number): Promise<number[]> {
  await expect(page.locator(PANES).first()).toBeVisible()
  const add = page.getByTestId('open-local-shell')
  for (let have = (await channels(page)).length; have < count; have++) {
    await add.click()
    await expect(page.locator(PANES)).toHaveCount(have + 1)
  }
  const all = await channels(page)
  for (const ch of all) await expect.poll(() => paneText(page, ch)).toMatch(/\S/)
  return all
}

/**
 * Starts timing in the page: from the next Enter keydown until every channel shows `line` as a
 * row of its own, checked each animation frame. Returns a function that waits for the figures.
 */
async function timeEnterUntil(
  page: Page,
  chans: number[],
  line: string,
): Promise<() => Promise<{ first: number; last: number }>> {
  await page.evaluate(
    ({ chans, line }) => {
      const w = window as unknown as {
        __sitrepPanes: Map<number, { readText(): string }>
        __timing: Promise<{ first: number; last: number }>
      }
      w.__timing = new Promise((resolve) => {
        let start = 0
        const seen = new Map<number, number>()
        const onKey = (e: KeyboardEvent): void => {
          if (e.key === 'Enter' && start === 0) start = performance.now()
        }
        window.addEventListener('keydown', onKey, true)
        const tick = (): void => {
          if (start > 0) {
            for (const ch of chans) {
              if (seen.has(ch)) continue
              const rows = w.__sitrepPanes.get(ch)?.readText().split('\n') ?? []
              if (rows.some((r) => r.trim() === line)) seen.set(ch, performance.now() - start)
            }
          }
          if (seen.size < chans.length) return void requestAnimationFrame(tick)
          window.removeEventListener('keydown', onKey, true)
          resolve({ first: Math.min(...seen.values()), last: Math.max(...seen.values()) })
        }
        tick()
      })
    },
    { chans, line },
  )
  return () =>
    page.evaluate(
      () => (window as unknown as { __timing: Promise<{ first: number; last: number }> }).__timing,
    )
}

function pane(page: Page, channel: number) {
  return page.getByTestId(`pane-${channel}`)
}

test('broadcast input reaches exactly the 4 target panes of 6', async ({ app }) => {
  // An active incident, so every broadcast command line goes on its timeline.
  await expect(app.getByTestId('declare-incident')).toBeVisible()
  await app.keyboard.press('Control+Shift+D')
  await expect(app.getByTestId('declare-title')).toBeFocused()
  await app.getByTestId('declare-title').fill('Broadcast to web tier')
  await app.getByTestId('declare-severity-P2').check()
  await app.getByTestId('declare-services').fill('web')
  await app.getByTestId('declare-title').press('Enter')
  await expect(app.getByTestId('incident-title')).toHaveText('Broadcast to web tier')
  const all = await openPanes(app, 6)
  expect(all).toHaveLength(6)
  await app.getByTestId('grid-layout').selectOption('6')
  for (const ch of all) await expect(pane(app, ch)).toBeVisible()

  await app.getByTestId('broadcast-toggle').click()
  await expect(app.getByTestId('broadcast-count')).toHaveText('Broadcasting to 6 panes')
  const [excludedA, excludedB] = [all[1], all[4]] as [number, number]
  for (const ch of [excludedA, excludedB])
    await pane(app, ch).getByTestId('broadcast-include').uncheck()
  const targets = all.filter((ch) => ch !== excludedA && ch !== excludedB)
  await expect(app.getByTestId('broadcast-count')).toHaveText('Broadcasting to 4 panes')
  await expect(app.locator('.pane-broadcast-target')).toHaveCount(4)
  for (const ch of targets) await expect(pane(app, ch)).toHaveClass(/pane-broadcast-target/)

  // Type in one target; every target runs it, the two excluded panes never see it.
  const source = targets[2] as number
  await pane(app, source).locator('.xterm').click()
  await app.keyboard.type('echo bc-$((3*3))')
  const broadcastTiming = await timeEnterUntil(app, targets, 'bc-9')
  await app.keyboard.press('Enter')
  for (const ch of targets) await expect.poll(() => rows(app, ch)).toContain('bc-9')
  const broadcast = await broadcastTiming()
  // Give a stray copy time to arrive before checking that none did.
  await app.waitForTimeout(500)
  for (const ch of [excludedA, excludedB]) {
    const text = await paneText(app, ch)
    expect(text).not.toContain('bc-')
  }
  // The focused pane got the line once, not twice: one command echo, one output line.
  const sourceRows = await rows(app, source)
  expect(sourceRows.filter((r) => r === 'bc-9')).toHaveLength(1)
  expect(sourceRows.filter((r) => r.includes('echo bc-$((3*3))'))).toHaveLength(1)

  // The line is on the incident's timeline once, naming exactly the 4 targets.
  const bcRow = app.getByTestId('timeline-row').filter({ hasText: 'echo bc-$((3*3)) → 4 panes' })
  await expect(bcRow).toHaveCount(1)
  await expect(bcRow).toContainText('Broadcast')

  // A password typed at a prompt in the targets is broadcast to them, never put on the timeline.
  await app.keyboard.type("read -s -p 'Password: ' pw; echo got-${#pw}")
  await app.keyboard.press('Enter')
  for (const ch of targets) await expect.poll(() => paneText(app, ch)).toContain('Password: ')
  await app.keyboard.type('hunter2-secret')
  await app.keyboard.press('Enter')
  for (const ch of targets) await expect.poll(() => paneText(app, ch)).toContain('got-14')
  await expect(
    app.getByTestId('timeline-row').filter({ hasText: "read -s -p 'Password: '" }),
  ).toHaveCount(1)
  await app.waitForTimeout(300)
  await expect(app.getByTestId('timeline-row').filter({ hasText: 'hunter2' })).toHaveCount(0)

  // The mode stays on until turned off; off, the borders and the count go away.
  await expect(app.getByTestId('broadcast-count')).toBeVisible()
  await app.getByTestId('broadcast-toggle').click()
  await expect(app.locator('.pane-broadcast-target')).toHaveCount(0)
  await expect(app.getByTestId('broadcast-count')).toHaveCount(0)

  // The same command in one pane without broadcast, as the baseline for the figures.
  await pane(app, source).locator('.xterm').click()
  await app.keyboard.type('echo one-$((2*2))')
  const singleTiming = await timeEnterUntil(app, [source], 'one-4')
  await app.keyboard.press('Enter')
  const single = await singleTiming()
  for (const ch of all.filter((c) => c !== source))
    expect(await paneText(app, ch)).not.toContain('one-4')
  const ms = (n: number): string => n.toFixed(0)
  console.log(
    `broadcast: Enter to output line in 4 targets: first ${ms(broadcast.first)} ms, last ${ms(broadcast.last)} ms; one pane without broadcast: ${ms(single.last)} ms (frame-granular)`,
  )
})

test('OSC 52: a clipboard read request is ignored, a small write reaches the clipboard', async ({
  app,
  shell,
}) => {
  const origin = new URL(app.url()).origin
  if (shell === 'chromium')
    await app.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
  const [ch] = await openPanes(app, 1)
  if (ch === undefined) throw new Error('no pane')

  // Something sensitive already on the clipboard, and a count of every read the page makes.
  await app.evaluate(async () => {
    await navigator.clipboard.writeText('secret-on-clipboard')
    const w = window as unknown as { __clipboardReads: number }
    w.__clipboardReads = 0
    const proto = Object.getPrototypeOf(navigator.clipboard) as Clipboard
    const count = <T extends unknown[], R>(fn: (...a: T) => R) =>
      function (this: Clipboard, ...a: T): R {
        w.__clipboardReads++
        return fn.apply(this, a)
      }
    proto.readText = count(proto.readText)
    proto.read = count(proto.read)
  })

  await pane(app, ch).locator('.xterm').click()
  await app.keyboard.type("printf '\\033]52;c;?\\a'; echo read-$((20+1))-done")
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, ch)).toContain('read-21-done')
  expect(
    await app.evaluate(() => (window as unknown as { __clipboardReads: number }).__clipboardReads),
  ).toBe(0)
  // No answer reached the shell: the pane still runs what is typed, and shows no clipboard text.
  await app.keyboard.type('echo still-$((6*7))')
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, ch)).toContain('still-42')
  expect(await paneText(app, ch)).not.toContain('secret-on-clipboard')
  // An answer would have carried the clipboard, base64-encoded, into the shell's input line.
  expect(await paneText(app, ch)).not.toContain(
    Buffer.from('secret-on-clipboard').toString('base64'),
  )

  // A write: base64 of "sitrep-clip-42", made by the shell so the command line does not hold it.
  await app.keyboard.type(
    "printf '\\033]52;c;%s\\a' \"$(printf 'sitrep-clip-%s' 42 | base64)\"; echo wrote",
  )
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, ch)).toContain('wrote')
  await expect(app.getByTestId('toast-info')).toContainText('Copied from pane')
  await expect(app.getByTestId('toast-info')).toContainText('14 characters')
  await expect.poll(() => app.evaluate(() => navigator.clipboard.readText())).toBe('sitrep-clip-42')
})

test("broadcast: each terminal's own replies stay in its pane; a large paste arrives whole and in order", async ({
  app,
  shell,
}) => {
  const all = await openPanes(app, 3)
  await app.getByTestId('broadcast-toggle').click()
  await expect(app.getByTestId('broadcast-count')).toHaveText('Broadcasting to 3 panes')
  const [source] = all as [number]
  await pane(app, source).locator('.xterm').click()

  // Every pane asks its own terminal for its device attributes and reads the answer. Had the
  // source pane's answer been broadcast, the others would read two answers, not one.
  await app.keyboard.type(`printf '\\033[c'; read -rs -t 1 -n 64 r; echo "da:\${r//$'\\e'/E}:"`)
  await app.keyboard.press('Enter')
  for (const ch of all) await expect.poll(() => rows(app, ch)).toContain('da:E[?1;2c:')

  // Japanese typed through an IME: xterm sends the composed text a task after compositionend,
  // outside the key event, and it is still the responder's input.
  const cdp = await app.context().newCDPSession(app)
  await app.keyboard.type('echo ')
  // Paced like a person: CDP calls back to back can race xterm's own composition timers and
  // lose the text in the source pane itself (seen 1 in 15 without the pauses, 0 in 40 with).
  await cdp.send('Input.imeSetComposition', {
    text: 'にほんご',
    selectionStart: 4,
    selectionEnd: 4,
  })
  await app.waitForTimeout(30)
  await cdp.send('Input.insertText', { text: '日本語' })
  await app.waitForTimeout(30)
  await app.keyboard.type('-ime')
  await app.keyboard.press('Enter')
  for (const ch of all) await expect.poll(() => rows(app, ch)).toContain('日本語-ime')
  await cdp.detach()

  // 10 000 characters in one input (as a paste arrives): sent in 4 KB chunks to all 3 panes.
  const text = Array.from({ length: 10_000 }, (_, i) =>
    String.fromCharCode(33 + ((i * 7) % 90)),
  ).join('')
  const md5 = createHash('md5').update(text).digest('hex')
  await app.keyboard.type(
    'stty -echo -icanon; echo ready-$((2+2)); head -c 10000 | md5sum; stty sane',
  )
  await app.keyboard.press('Enter')
  for (const ch of all) await expect.poll(() => rows(app, ch)).toContain('ready-4')
  // Over the loopback bridge, record the size of every input frame the page sends (to the
  // worker that holds the socket, bridge/bridgeSocket.ts).
  if (shell === 'chromium') {
    await app.evaluate(() => {
      const sizes: Record<number, number[]> = {}
      ;(window as unknown as { __inputFrames: typeof sizes }).__inputFrames = sizes
      const post = Worker.prototype.postMessage
      Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
        const m = args[0] as { type?: string; data?: unknown }
        if (m?.type === 'send' && m.data instanceof ArrayBuffer) {
          const data = new Uint8Array(m.data)
          if (data[0] === 2) {
            const channel = new DataView(m.data).getUint32(1)
            ;(sizes[channel] ??= []).push(data.byteLength - 5)
          }
        }
        return (post as (...a: unknown[]) => void).apply(this, args)
      } as typeof Worker.prototype.postMessage
    })
  }
  const sent = Date.now()
  await app.keyboard.insertText(text)
  for (const ch of all) await expect.poll(() => rows(app, ch)).toContain(`${md5}  -`)
  console.log(`broadcast: 10 000-character input checked in 3 panes within ${Date.now() - sent} ms`)
  if (shell === 'chromium') {
    const frames = await app.evaluate(
      () => (window as unknown as { __inputFrames: Record<number, number[]> }).__inputFrames,
    )
    for (const ch of all) expect(frames[ch]).toEqual([4096, 4096, 1808])
  }
})

test('layouts, pages, maximise, drag to swap (kept across a reload) and search', async ({
  app,
}) => {
  const all = await openPanes(app, 6)
  const visible = app.locator(`${PANES}:visible`)
  await app.getByTestId('grid-layout').selectOption('4')
  await expect(visible).toHaveCount(4)
  await expect(app.getByTestId('grid-page')).toHaveText('1–4 of 6')
  await app.getByTestId('grid-page-next').click()
  await expect(visible).toHaveCount(2)
  await expect(app.getByTestId('grid-page')).toHaveText('5–6 of 6')
  await app.getByTestId('grid-page-previous').click()
  await expect(visible).toHaveCount(4)

  // Panes off screen keep their sessions flowing and acknowledging: broadcast reaches the two
  // hidden ones too, and their output keeps coming.
  const [p1, p2, p3] = all as [number, number, number]
  await app.getByTestId('broadcast-toggle').click()
  await pane(app, p1).locator('.xterm').click()
  // About 350 KB each, well past the unacknowledged-bytes high watermark: a hidden pane that did
  // not acknowledge would hold its shell paused and never print the last line.
  await app.keyboard.type('seq 1 60000; echo hidden-$((5+5))')
  await app.keyboard.press('Enter')
  for (const ch of all) await expect.poll(() => rows(app, ch)).toContain('hidden-10')
  await app.getByTestId('broadcast-toggle').click()

  // Maximise by double-clicking a title; Esc restores. The button does both too.
  await pane(app, p2).locator('.pane-title').dblclick()
  await expect(visible).toHaveCount(1)
  await expect(pane(app, p2)).toHaveClass(/pane-maximised/)
  await app.keyboard.press('Escape')
  await expect(visible).toHaveCount(4)
  await pane(app, p3).getByTestId('maximise').click()
  await expect(visible).toHaveCount(1)
  await pane(app, p3).getByTestId('maximise').click()
  await expect(visible).toHaveCount(4)

  // Drag the first pane's title bar onto the second pane: they swap places, and stay swapped
  // after a reload (the order is kept by session id).
  const order = (ch: number) => pane(app, ch).evaluate((el) => (el as HTMLElement).style.order)
  expect([await order(p1), await order(p2)]).toEqual(['0', '1'])
  await pane(app, p1).locator('.pane-bar').dragTo(pane(app, p2).locator('.pane-body'))
  await expect.poll(async () => [await order(p1), await order(p2)]).toEqual(['1', '0'])
  await app.reload()
  await expect(app.locator(PANES)).toHaveCount(6)
  await expect.poll(async () => [await order(p1), await order(p2)]).toEqual(['1', '0'])
  await expect(visible).toHaveCount(4)

  // Search: Ctrl+Shift+F opens the box; Enter and the case toggle search; Esc closes it.
  await pane(app, p3).locator('.xterm').click()
  await app.keyboard.type('echo needle-one; echo Needle-two')
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, p3)).toContain('Needle-two')
  await app.keyboard.press('Control+Shift+F')
  const box = pane(app, p3).getByTestId('search-box')
  await expect(box).toBeVisible()
  await expect(box.getByRole('textbox')).toBeFocused()
  await app.keyboard.type('needle')
  await expect(box).toContainText(/of 4/)
  await box.getByRole('button', { name: 'Match case' }).click()
  await expect(box).toContainText(/of 2/)
  await box.getByRole('textbox').press('Escape')
  await expect(box).toHaveCount(0)
  // The keyboard is back in the terminal, and Ctrl+Shift+F sent nothing to the shell.
  await app.keyboard.type('echo back-$((1+2))')
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, p3)).toContain('back-3')
})
