// Terminal output is hostile: a real SSH session prints escape-sequence attacks into a pane —
// OSC 52 clipboard read and an oversized write, OSC 8 links to file:// and javascript:, title
// set/report and window reports (CSI 21/20/13/14/18 t), 2 MB and 10 MB DCS strings, status and
// version probes (DECRQSS, DA1/DA2, XTVERSION, DECRQM) and a DECRQSS echo attempt, invalid UTF-8. The
// page's clipboard, window.open and confirm are instrumented; the bytes the terminal sends back
// to the host are captured on the host (tty in raw mode). Nothing reaches the clipboard, no link
// opens without confirmation, no report reaches the host, and the pane still runs commands.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneRows, paneText, test } from './fixtures'
import { hostPane, openKeyHost } from './hosts'

interface Probe {
  clipboardReads: number
  clipboardWrites: string[]
  opened: { url: string; features: string }[]
  confirms: string[]
  confirmAnswer: boolean
}

/** Counts every clipboard call, window.open and confirm the page makes from now on. */
async function instrument(app: Page): Promise<void> {
  await app.evaluate(() => {
    const probe: Probe = {
      clipboardReads: 0,
      clipboardWrites: [],
      opened: [],
      confirms: [],
      confirmAnswer: false,
    }
    ;(window as unknown as { __probe: Probe }).__probe = probe
    const clip = navigator.clipboard
    if (clip) {
      const proto = Object.getPrototypeOf(clip) as Clipboard
      proto.readText = async () => {
        probe.clipboardReads++
        return 'secret-on-clipboard'
      }
      proto.read = async () => {
        probe.clipboardReads++
        return []
      }
      proto.writeText = async (t: string) => void probe.clipboardWrites.push(t)
      proto.write = async () => void probe.clipboardWrites.push('<ClipboardItem>')
    }
    window.open = (url?: string | URL, _target?: string, features?: string) => {
      probe.opened.push({ url: String(url ?? ''), features: features ?? '' })
      return null
    }
    window.confirm = (message?: string) => {
      probe.confirms.push(message ?? '')
      return probe.confirmAnswer
    }
  })
}

const probe = (app: Page): Promise<Probe> =>
  app.evaluate(() => (window as unknown as { __probe: Probe }).__probe)

/** The attack, as a script on the host. Replies the terminal sends are captured in `reply`. */
function attackScript(reply: string): string {
  const big = 150 * 1024 // above the 100 KB OSC 52 cap
  return `#!/bin/bash
stty raw -echo
printf '\\033]52;c;?\\a'
printf '\\033]52;p;?\\033\\\\'
printf '\\033]52;c;%s\\a' "$(head -c ${big} /dev/zero | tr '\\0' A | base64 -w0)"
printf '\\033]0;Injected-Title\\007\\033]2;Injected-Title\\007'
printf '\\033[21t\\033[20t\\033[13t\\033[14t\\033[18t\\033[19t\\033[11t'
printf '\\033]8;;file:///etc/passwd\\033\\\\FILE-LINK\\033]8;;\\033\\\\\\r\\n'
printf '\\033]8;;javascript:alert(document.cookie)\\033\\\\JS-LINK\\033]8;;\\033\\\\\\r\\n'
printf '\\033P'; head -c 2000000 /dev/zero | tr '\\0' x; printf '\\033\\\\'
printf '\\033P1000p\\033\\\\'
# Status and version probes (DECRQSS m, r, "p, SP q; DA1, DA2, XTVERSION, DECRQM private and
# ANSI): a terminal may answer them as xterm does, with its own state, never with the request.
printf '\\033P$qm\\033\\\\\\033P$qr\\033\\\\\\033P$q"p\\033\\\\\\033P$q q\\033\\\\'
# The xterm.js DECRQSS bug class: an unknown request echoed back would type it at the shell.
printf '\\033P$q;echo INJECTED-%s\\r\\033\\\\' 99
printf '\\033[c\\033[0c\\033[>c\\033[>0q\\033[?2004$p\\033[?1049$p\\033[4$p'
# A 10 MB DCS string: parsed and dropped, the pane stays usable.
printf '\\033P$q'; head -c 10000000 /dev/zero | tr '\\0' y; printf '\\033\\\\'
printf '\\xff\\xfe\\xc3\\x28\\xa0\\xa1\\xe2\\x28\\xa1\\xf0\\x28\\x8c\\xbc\\xed\\xa0\\x80\\r\\n'
printf '\\033]1337;File=inline=1:QUFBQQ==\\a\\033]7;file://evil/\\a\\033]777;notify;x;y\\a'
# Control: a cursor position request, which a terminal must answer, proves the capture works.
printf '\\033[6n'
# Everything the terminal answered arrives on the tty, in order, ending with the control's R
# (the pane parses the 2 MB above first, so this can take seconds); then anything left over.
IFS= read -r -s -d R -t 120 answer
printf '%sR' "$answer" > ${reply}
timeout 1 cat >> ${reply}
stty sane
echo ATTACK-$((40+2))-DONE
`
}

/** Prints a screenful of one OSC 8 link so that a click in the pane's middle lands on it. */
function linkScreen(url: string, label: string): string {
  return `printf '\\033[3J\\033[2J\\033[H\\033]8;;${url}\\033\\\\'; for i in $(seq 400); do printf '${label} '; done; printf '\\033]8;;\\033\\\\\\n'; echo SHOWN-${label}`
}

async function clickPaneMiddle(app: Page, pane: ReturnType<Page['locator']>): Promise<void> {
  const box = await pane.locator('.xterm-screen').boundingBox()
  if (!box) throw new Error('no terminal screen')
  const x = box.x + box.width / 2
  const y = box.y + box.height / 3
  await app.mouse.move(x - 5, y)
  await app.mouse.move(x, y)
  await app.waitForTimeout(300) // links are detected on hover
  await app.mouse.click(x, y)
  await app.waitForTimeout(300)
}

test('hostile output over SSH: no clipboard, no unconfirmed link, no report to the host, pane usable', async ({
  app,
  shell,
}) => {
  test.setTimeout(300_000)
  let sshd: Sshd | undefined
  try {
    sshd = await startSshd()
    // The login account must read the script and write the reply: a folder it owns.
    const work = sshd.sharedDir('hostile-')
    const reply = join(work, 'reply.bin')
    const script = join(work, 'attack.sh')
    writeFileSync(script, attackScript(reply), { mode: 0o755 })
    const titleBefore = await app.title()

    const channel = await openKeyHost(app, sshd, 'hostile-host')
    const pane = hostPane(app, 'hostile-host')
    await expect.poll(() => paneText(app, channel)).toMatch(/\S/)
    await instrument(app)

    await pane.locator('.xterm').click()
    await app.keyboard.type(`bash ${script}`)
    await app.keyboard.press('Enter')
    await expect
      .poll(() => paneRows(app, channel), {
        // 12 MB of DCS strings go through SSH and xterm's parser before the control answer.
        timeout: 150_000,
      })
      .toContain('ATTACK-42-DONE')

    // Nothing the terminal sent back reveals the clipboard, the title or the window.
    const back = readFileSync(reply)
    const text = back.toString('latin1')
    expect(text).not.toContain(']52;')
    const ESC = String.fromCharCode(27)
    // The control answer (cursor position report) arrived, so the capture works…
    expect(text).toMatch(new RegExp(`${ESC}\\[\\d+;\\d+R`))
    // …and nothing else did: no OSC answer (clipboard, title), no window report (CSI … t).
    // What a plain xterm answers to the probes is allowed, in xterm's own forms only: DA1
    // (CSI ? … c), DA2 (CSI > … c), DECRPM (CSI ? n ; v $ y / CSI n ; v $ y), XTVERSION
    // (DCS > | name ST) and DECRQSS replies (DCS 0 $ r ST for an unknown request, DCS 1 $ r with
    // a setting's own syntax: SGR …m, margins …r, conformance …"p, cursor style … q).
    expect(text).not.toContain('INJECTED')
    const ST = `${ESC}\\\\`
    const xtermAnswers = [
      `${ESC}\\[\\d+;\\d+R`,
      `${ESC}\\[\\?[\\d;]*c`,
      `${ESC}\\[>[\\d;]*c`,
      `${ESC}\\[\\??\\d+;[0-4]\\$y`,
      `${ESC}P>\\|[\\w .()-]*${ST}`,
      `${ESC}P0\\$r${ST}`,
      `${ESC}P1\\$r(?:[\\d;]*m|\\d+;\\d+r|6[1-5](?:;[012])?"p|\\d q)${ST}`,
    ]
    const answered = text.match(new RegExp(xtermAnswers.join('|'), 'g')) ?? []
    const rest = text.replace(new RegExp(xtermAnswers.join('|'), 'g'), '')
    expect(rest).not.toContain(`${ESC}]`)
    expect(rest).not.toMatch(new RegExp(`${ESC}\\[[0-9;]*t`))
    expect(rest).toBe('')
    expect(text).not.toContain('Injected-Title')
    expect(text).not.toContain(Buffer.from('secret-on-clipboard').toString('base64'))
    console.log(
      `hostile output: the host received ${back.length} bytes back: ${JSON.stringify(text)} (${answered.length} xterm-form answers)`,
    )
    test.info().annotations.push({
      type: 'bytes the host received',
      description: `${back.length} (${JSON.stringify(text)})`,
    })

    let p = await probe(app)
    expect(p.clipboardReads).toBe(0)
    expect(p.clipboardWrites).toEqual([])
    expect(p.opened).toEqual([])
    // The oversized write was refused loudly; the window title was not taken over.
    await expect(app.getByTestId('toast-error').filter({ hasText: /limit is/ })).toBeVisible()
    expect(await app.title()).toBe(titleBefore)

    // Links: file:// and javascript: are not links at all; a web link asks first.
    for (const [url, label] of [
      ['file:///etc/passwd', 'FILELINK'],
      ['javascript:alert(document.cookie)', 'JSLINK'],
    ] as const) {
      await pane.locator('.xterm').click()
      await app.keyboard.type(linkScreen(url, label))
      await app.keyboard.press('Enter')
      await expect.poll(() => paneText(app, channel)).toContain(`SHOWN-${label}`)
      await clickPaneMiddle(app, pane)
    }
    p = await probe(app)
    expect(p.confirms).toEqual([])
    expect(p.opened).toEqual([])

    await pane.locator('.xterm').click()
    await app.keyboard.type(linkScreen('https://status.example.com/incident', 'WEBLINK'))
    await app.keyboard.press('Enter')
    await expect.poll(() => paneText(app, channel)).toContain('SHOWN-WEBLINK')
    await clickPaneMiddle(app, pane)
    p = await probe(app)
    if (shell === 'chromium') {
      // Declined: nothing opens.
      expect(p.confirms.length).toBe(1)
      expect(p.confirms[0]).toContain('https://status.example.com/incident')
      expect(p.opened).toEqual([])
      // Accepted: it opens without a handle back to this window.
      await app.evaluate(() => {
        ;(window as unknown as { __probe: Probe }).__probe.confirmAnswer = true
      })
      await clickPaneMiddle(app, pane)
      p = await probe(app)
      expect(p.opened).toEqual([
        { url: 'https://status.example.com/incident', features: 'noopener,noreferrer' },
      ])
    }

    // The pane still runs commands.
    await pane.locator('.xterm').click()
    await app.keyboard.type('clear; echo still-$((6*7))-usable')
    await app.keyboard.press('Enter')
    await expect.poll(() => paneRows(app, channel)).toContain('still-42-usable')
    p = await probe(app)
    expect(p.clipboardReads).toBe(0)
    expect(p.clipboardWrites).toEqual([])
  } finally {
    await sshd?.stop()
  }
})

test('the built renderer page carries a CSP without eval or inline script', () => {
  const html = readFileSync(join(process.cwd(), 'out/renderer/index.html'), 'utf8')
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
  expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/)
  expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/)
  expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval/)
  // No inline script in the built page: every script is a file from 'self'.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
})
