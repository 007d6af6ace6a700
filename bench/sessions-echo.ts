// Keystroke echo in an SSH pane against an honest floor: bare xterm.js in the same browser, with
// the pane's geometry, options and addons, echoing each key itself in its key handler, timed by
// the same keydown-to-painted-frame probe. OpenSSH `ssh -tt` on the same sshd gives what the
// network and the remote pty cost. What Sitrep adds is the pane minus both.
//
// With SITREP_LATENCY_TRACE set the core stamps each small frame's hops (latencyTrace.ts) and
// the page does the same (window.__sitrepTrace), so the figure comes with where the time went.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { startSshd } from '../test/helpers/services/sshd'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'
import {
  connectSsh,
  echoLatencies,
  launchChromium,
  openApp,
  percentile,
  plantSshTarget,
  rawXtermPage,
  startHeadless,
} from './sessions-browser'
import { opensshEcho } from './sessions-ssh'

const ROUNDS = 3
const ECHOES = 60

const note = (what: string): boolean => process.stderr.write(`  ${what}\n`)

/**
 * Bare xterm.js with the pane's options and addons (WebGL, Unicode 11), at the pane's columns,
 * rows and pixel size, in a DOM shaped like a pane so the same probe and clicks work. Each
 * printable key is written by xterm's own key handler on keydown; Ctrl+U clears the line, as
 * readline does in the pane.
 */
async function floorPage(
  browser: Browser,
  size: { cols: number; rows: number; width: number; height: number },
): Promise<Page> {
  const page = await rawXtermPage(browser)
  await page.addScriptTag({ path: 'node_modules/@xterm/addon-unicode11/lib/addon-unicode11.js' })
  await page.evaluate(`(() => {
    document.body.innerHTML = '<section data-testid="pane-1"><div id="t" style="width:${size.width}px;height:${size.height}px"></div></section>'
    const term = new Terminal({
      fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono CJK JP', 'Noto Sans Mono', monospace",
      fontSize: 13, lineHeight: 1.15, cursorBlink: false, cursorStyle: 'block',
      theme: { background: '#0b0e13', foreground: '#d6dbe3' },
      allowProposedApi: true, scrollback: 10000, cols: ${size.cols}, rows: ${size.rows},
    })
    term.open(document.getElementById('t'))
    term.loadAddon(new WebglAddon.WebglAddon())
    term.loadAddon(new Unicode11Addon.Unicode11Addon())
    term.unicode.activeVersion = '11'
    term.write('$ ')
    term.attachCustomKeyEventHandler((ev) => {
      if (ev.type !== 'keydown') return true
      if (ev.ctrlKey && ev.key === 'u') term.write('\\r\\x1b[2K$ ')
      else if (ev.key.length === 1 && !ev.ctrlKey) term.write(ev.key)
      return false
    })
    const readTail = (count) => {
      const b = term.buffer.active
      const end = b.baseY + b.cursorY + 1
      let text = ''
      for (let i = Math.max(0, end - count); i < end; i++) {
        const line = b.getLine(i)
        if (i > Math.max(0, end - count) && !line.isWrapped) text += '\\n'
        text += line.translateToString(!(b.getLine(i + 1)?.isWrapped === true))
      }
      return text
    }
    window.__sitrepPanes = new Map([[1, { readTail }]])
  })()`)
  return page
}

interface Hop {
  hop: string
  t: number
}

/** Reads both traces and gives, per key, the time from keydown to each hop. */
export function hopTimes(
  coreTrace: string,
  page: Array<[string, number, number]>,
  channel: number,
): Map<string, number[]> {
  const core: Hop[] = coreTrace
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length === 4 && Number(f[1]) === channel)
    .map((f) => ({ hop: f[0] as string, t: Number(f[3]) }))
  const all: Hop[] = [...core, ...page.map(([hop, , t]) => ({ hop, t }))].sort((a, b) => a.t - b.t)
  const out = new Map<string, number[]>()
  // Each key starts with its keydown; the hops up to the next keydown are its own.
  let start: number | null = null
  const seen = new Set<string>()
  for (const h of all) {
    if (h.hop === 'keydown') {
      start = h.t
      seen.clear()
      continue
    }
    if (start === null || seen.has(h.hop)) continue
    seen.add(h.hop)
    const xs = out.get(h.hop) ?? []
    xs.push(h.t - start)
    out.set(h.hop, xs)
  }
  return out
}

const HOW_TO_READ =
  'Goal (issue #20): added ≤ 3 ms at p50 and ≤ 10 ms at p99 (a ratio ≤ 1.00× on those rows). The floor is the wait for the frame after the keydown, which here comes a few ms after it; the pane pays that too, plus the round trip through Sitrep, and when the echo reaches xterm after that first frame it is painted in the next one, ~16.7 ms later. That is why the added latency comes in frames, not in ms: the goal needs the whole round trip (page → socket worker → bridge → ssh2 → sshd → pty → back) inside the few ms before the first frame, on every key. Removed on the way: the write scheduler waited for its own animation frame before handing the echo to xterm, which then painted it a frame later again (pane p50 40 ms, 26 ms without that wait, same minute); the batcher held a small write up to 8 ms when the previous frame was recent; TCP_NODELAY on the SSH connection. The largest hop was the socket worker handing the echo to the page’s main thread (worker.recv +4 ms → page.recv +16 ms): a Chromium trace showed the main thread idle in between and the message run right after the next frame every time. Chromium’s DeferRendererTasksAfterInput (on by default) holds back messages posted from a worker after a key press until the next frame; the Electron shell now turns it off (src/main/electron/chromiumFeatures.ts) and this browser is started the way the shell runs (test/helpers/chromium.ts). With it on, in the same minute: pane p50 ~23 ms, p90 ~25 ms; off: p50 7–9 ms, p90 ~21 ms. What is left: ssh2 + sshd + the pty (core.write → core.data, ~1–3 ms against OpenSSH’s whole 0.6–0.8 ms), the page → core hop, and keys whose echo arrives just after a frame began (painted one frame later: the p90–p99 rows). The VM was shared with other work during these runs.'

const HOP_ORDER = [
  'page.send',
  'bridge.recv',
  'core.write',
  'core.data',
  'core.send',
  'worker.recv',
  'page.recv',
  'page.write',
]

/** Turns the page's trace on, types `n` keys through the echo probe, and reads both traces. */
export async function tracedEcho(
  page: Page,
  channel: number,
  n: number,
  coreTraceFile: string,
): Promise<{ latencies: number[]; hops: Map<string, number[]> }> {
  writeFileSync(coreTraceFile, '')
  await page.evaluate(`(() => {
    const trace = (window.__sitrepTrace = [])
    window.__traceKeys = (e) => {
      if (e.key.length === 1 && !e.ctrlKey)
        trace.push(['keydown', 0, performance.timeOrigin + performance.now()])
    }
    window.addEventListener('keydown', window.__traceKeys, true)
  })()`)
  const latencies = await echoLatencies(page, channel, n)
  const pageTrace = (await page.evaluate('window.__sitrepTrace')) as Array<[string, number, number]>
  await page.evaluate(`(() => {
    window.removeEventListener('keydown', window.__traceKeys, true)
    delete window.__sitrepTrace
  })()`)
  // The core appends its stamps once a second.
  await new Promise((res) => setTimeout(res, 1200))
  const core = readFileSync(coreTraceFile, 'utf8')
  const hops = hopTimes(core, pageTrace, channel)
  // The core's event-loop delay per second of the run (p99 of each second), from latencyTrace.ts.
  const loop = core
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f[0] === 'loop' && f.length === 5)
    .map((f) => Number(f[3]))
  if (loop.length > 0) hops.set('loop', loop)
  return { latencies, hops }
}

/** "hop +median ms, …" from the keydown, with the painted frame last. */
export function describeHops(hops: Map<string, number[]>, painted: number[]): string {
  return HOP_ORDER.filter((h) => hops.has(h))
    .map((h) => `${h} +${median(hops.get(h) as number[]).toFixed(1)}`)
    .concat(painted.length > 0 ? [`painted +${median(painted).toFixed(1)} ms`] : [])
    .join(', ')
    .concat(
      hops.has('loop')
        ? ` (the core's event loop ran late by up to ${median(hops.get('loop') as number[]).toFixed(1)} ms in a median second, p99 of each second)`
        : '',
    )
}

export const sessionsEcho: Benchmark = {
  name: 'sessions-echo',
  description: `Keystroke echo in an SSH pane of the built renderer in Debian Chromium (real sshd on loopback, ssh2, the core, the headless bridge, the socket worker, the write scheduler, xterm.js with WebGL on SwiftShader): keydown to the first animation frame whose buffer shows the character, ${ECHOES} keys per round, ${ROUNDS} rounds. Floors in the same run: bare xterm.js in a blank page of the same browser with the pane's columns, rows, pixel size, options and addons (WebGL, Unicode 11) writing each key itself in its key handler, timed by the same probe (what painting a key costs at all), and OpenSSH \`ssh -tt\` on the same sshd (write to echo: the network and the remote pty). Added = pane − floor − OpenSSH, per percentile.`,
  howToRead: HOW_TO_READ,
  async run(): Promise<Figure[]> {
    const sshd = await startSshd()
    const browser = await launchChromium()
    const pane: number[] = []
    const floor: number[] = []
    const ssh: number[] = []
    const p50s: { pane: number[]; floor: number[]; ssh: number[] } = {
      pane: [],
      floor: [],
      ssh: [],
    }
    const p99s: { pane: number[]; floor: number[]; ssh: number[] } = {
      pane: [],
      floor: [],
      ssh: [],
    }
    let hops = new Map<string, number[]>()
    let lastRound: number[] = []
    try {
      await withTempDirAsync(async (work) => {
        const traceFile = join(work, 'core-trace.txt')
        writeFileSync(traceFile, '')
        plantSshTarget(work, sshd)
        const server = await startHeadless(work, [], { SITREP_LATENCY_TRACE: traceFile })
        try {
          const app = await openApp(browser, server.url)
          const ch = await connectSsh(app)
          const size = (await app.evaluate(`(() => {
            const s = window.__sitrepPanes.get(${ch}).size()
            const r = document.querySelector('section[data-testid="pane-${ch}"] .xterm').getBoundingClientRect()
            return { ...s, width: Math.round(r.width), height: Math.round(r.height) }
          })()`)) as { cols: number; rows: number; width: number; height: number }
          const bare = await floorPage(browser, size)
          // Rounds take turns so that the machine's drift hits all three alike.
          for (let r = 0; r < ROUNDS; r++) {
            note(`round ${r + 1}: OpenSSH -tt, floor, pane`)
            const s = await opensshEcho(sshd, work, ECHOES)
            const f = await echoLatencies(bare, 1, ECHOES)
            const traced = await tracedEcho(app, ch, ECHOES, traceFile)
            const p = traced.latencies
            if (r === ROUNDS - 1) {
              hops = traced.hops
              lastRound = p
            }
            ssh.push(...s)
            floor.push(...f)
            pane.push(...p)
            for (const [xs, into] of [
              [p, 'pane'],
              [f, 'floor'],
              [s, 'ssh'],
            ] as const) {
              p50s[into].push(percentile(xs, 50))
              p99s[into].push(percentile(xs, 99))
            }
          }
          await bare.close()
          await app.close()
        } finally {
          server.stop()
        }
      })
    } finally {
      await browser.close()
      await sshd.stop()
    }
    const trace = hops.size > 0 ? describeHops(hops, lastRound) : ''
    if (trace) note(`trace (median ms from the keydown): ${trace}`)
    const figures: Figure[] = []
    for (const p of [50, 99] as const) {
      const runs = p === 50 ? p50s : p99s
      const goal = p === 50 ? 3 : 10
      figures.push({
        label: `keystroke echo p${p}, SSH pane (keydown to the painted frame)`,
        value: percentile(pane, p),
        unit: 'ms',
        baselineLabel:
          'bare xterm.js echoing in its key handler: same browser, geometry, addons, probe',
        baselineValue: percentile(floor, p),
        higherIsBetter: false,
        samples: runs.pane,
        baselineSamples: runs.floor,
      })
      const sshP = percentile(ssh, p)
      const addedRuns = runs.pane.map(
        (v, i) => v - (runs.floor[i] as number) - (runs.ssh[i] as number),
      )
      figures.push({
        label: `added p${p} = pane − floor − OpenSSH \`ssh -tt\` write-to-echo (${sshP.toFixed(2)} ms), median of the rounds`,
        // The median of the rounds' own differences: a single slow key in one side's round (OpenSSH's
        // p99 is one key of 60 on a shared machine) does not swing the figure below zero.
        value: median(addedRuns),
        unit: 'ms',
        baselineLabel: `the goal of issue #20 (≤ ${goal} ms), not a measurement`,
        baselineValue: goal,
        higherIsBetter: false,
        samples: addedRuns,
      })
    }
    sessionsEcho.howToRead = trace
      ? `${HOW_TO_READ} Trace of the last round (median ms from the keydown to each hop): ${trace}.`
      : HOW_TO_READ
    return figures
  },
}
