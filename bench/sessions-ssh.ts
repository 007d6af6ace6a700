// One SSH pane end to end: bytes from a real sshd through ssh2, the core (recorder, batcher,
// flow control), the headless bridge and the renderer's write scheduler into xterm.js in Debian
// Chromium, vs. bare xterm.js writing the same bytes in the same browser and vs. OpenSSH's own
// `ssh host 'cat file' > /dev/null`; and what
// recording costs, measured in the core with the recorder swapped for a no-op.
import { spawn } from 'node:child_process'
import { chmodSync, openSync, closeSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as pty from 'node-pty'
import type { Page } from '@playwright/test'
import { Core } from '../src/main/core/core'
import { routeIncomingFrame } from '../src/main/core/rpc/frames'
import { decodeFrame, encodeAck, encodeFrame, FrameKind } from '../src/shared/contract'
import { startSshd, type Sshd } from '../test/helpers/services/sshd'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'
import {
  connectSsh,
  launchChromium,
  openApp,
  plantSshTarget,
  rawXtermPage,
  run,
  startHeadless,
} from './sessions-browser'

const FILE_MB = 16
const RUNS = 5
const ECHOES = 40
const MARKER = 'DONE-42'
const LINE = (i: number): string =>
  `line ${String(i).padStart(7, '0')} the quick brown fox jumps over the lazy dog 0123456789\n`

export function writeFile(path: string): number {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < FILE_MB * 1024 * 1024; i++) {
    const l = LINE(i)
    lines.push(l)
    size += l.length
  }
  writeFileSync(path, lines.join(''))
  // Run as root, the test sshd logs its key into a test account (test/helpers/services/sshd.ts),
  // which must be able to read the file: otherwise `cat` fails at once and the "throughput" is
  // that of an error message.
  chmodSync(dirname(path), 0o755)
  chmodSync(path, 0o644)
  return size
}

/** In-page: from the next Enter keydown to the first frame whose visible rows show MARKER. */
async function armMarkerTimer(page: Page, channel: number): Promise<void> {
  await page.evaluate(`(() => {
    window.__marker = new Promise((resolve) => {
      const probe = window.__sitrepPanes.get(${channel})
      let start = 0
      const onKey = (e) => { if (e.key === 'Enter' && !start) start = performance.now() }
      window.addEventListener('keydown', onKey, true)
      const tick = () => {
        if (start && probe.readTail(5).includes('${MARKER}')) {
          window.removeEventListener('keydown', onKey, true)
          return resolve(performance.now() - start)
        }
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
  })()`)
}

async function paneThroughput(
  page: Page,
  channel: number,
  file: string,
  bytes: number,
): Promise<number> {
  await run(page, channel, 'clear')
  await page.waitForTimeout(300)
  await armMarkerTimer(page, channel)
  await page.locator(`section[data-testid="pane-${channel}"] .xterm`).click()
  await page.keyboard.type(`cat ${file}; echo DONE-$((40+2))`)
  await page.keyboard.press('Enter')
  const ms = (await page.evaluate('window.__marker')) as number
  return bytes / 1e6 / (ms / 1000)
}

/** Bare xterm.js, same size and scrollback, the same lines (CRLF as the pty sends them). */
async function rawThroughput(page: Page, cols: number, rows: number): Promise<number> {
  return (await page.evaluate(`new Promise((resolve) => {
    document.body.innerHTML = '<div id="t" style="width:1000px;height:700px"></div>'
    const term = new Terminal({ cols: ${cols}, rows: ${rows}, scrollback: 10000 })
    term.open(document.getElementById('t'))
    // The same renderer the app's visible panes use (WebGL; DOM if WebGL is unavailable).
    try { term.loadAddon(new WebglAddon.WebglAddon()) } catch (e) { console.log('no webgl', e) }
    const tail = () => {
      const b = term.buffer.active
      let t = ''
      const end = b.baseY + b.cursorY + 1
      for (let i = Math.max(0, end - 5); i < end; i++) t += b.getLine(i).translateToString(true) + '\\n'
      return t
    }
    const enc = new TextEncoder()
    const chunks = []
    let size = 0
    let buf = ''
    for (let i = 0; size < ${FILE_MB * 1024 * 1024}; i++) {
      const l = 'line ' + String(i).padStart(7, '0') + ' the quick brown fox jumps over the lazy dog 0123456789\\r\\n'
      buf += l
      size += l.length - 1
      if (buf.length > 65536) { chunks.push(enc.encode(buf)); buf = '' }
    }
    chunks.push(enc.encode(buf + '${MARKER}\\r\\n'))
    const start = performance.now()
    for (const c of chunks) term.write(c)
    const tick = () => {
      if (tail().includes('${MARKER}')) {
        const ms = performance.now() - start
        term.dispose()
        return resolve(size / 1e6 / (ms / 1000))
      }
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })`)) as number
}

export function sshArgs(sshd: Sshd, dir: string, extra: string[]): string[] {
  const known = join(dir, 'openssh_known_hosts')
  writeFileSync(known, `${sshd.knownHostsLine}\n`)
  return [
    '-p',
    String(sshd.port),
    '-i',
    sshd.clientKeyPath,
    '-o',
    `UserKnownHostsFile=${known}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    ...extra,
    `${sshd.user}@${sshd.host}`,
  ]
}

async function opensshCat(sshd: Sshd, dir: string, file: string, bytes: number): Promise<number> {
  const devNull = openSync('/dev/null', 'w')
  try {
    const start = performance.now()
    await new Promise<void>((resolve, reject) => {
      const child = spawn('ssh', [...sshArgs(sshd, dir, []), `cat ${file}`], {
        stdio: ['ignore', devNull, 'pipe'],
      })
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited ${code}`))))
    })
    return bytes / 1e6 / ((performance.now() - start) / 1000)
  } finally {
    closeSync(devNull)
  }
}

/** OpenSSH with a pty (ssh -tt), bash without rc files: write a key, time until it echoes. */
export async function opensshEcho(sshd: Sshd, dir: string, keys = ECHOES): Promise<number[]> {
  const p = pty.spawn('ssh', [...sshArgs(sshd, dir, ['-tt']), 'bash --noprofile --norc'], {
    cols: 100,
    rows: 30,
  })
  let out = ''
  let waiter: (() => void) | null = null
  p.onData((d) => {
    out += d
    waiter?.()
  })
  const until = (cond: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      if (cond()) return resolve()
      waiter = () => {
        if (cond()) {
          waiter = null
          resolve()
        }
      }
    })
  await until(() => /[#$] $/.test(out))
  const lat: number[] = []
  for (let i = 0; i < keys; i++) {
    const c = 'abcdefghijklmnopqrstuvwxyz'[i % 26] as string
    const before = out.length
    const start = performance.now()
    p.write(c)
    await until(() => out.length > before && out.slice(before).includes(c))
    lat.push(performance.now() - start)
    await new Promise((r) => setTimeout(r, 20))
  }
  p.kill()
  return lat
}

/** Main-thread CPU ms per MB of the last coreThroughput() run (this thread only, not workers). */
export let lastMainMsPerMb = 0

/** MB/s of `cat file` through an SSH session in the core, acked at once; recorder on or off. */
export async function coreThroughput(
  sshd: Sshd,
  file: string,
  bytes: number,
  record: boolean,
): Promise<number> {
  return withTempDirAsync(async (dir) => {
    plantSshTarget(dir, sshd)
    const core = new Core({
      dataDir: dir,
      shell: 'headless',
      version: 'bench',
      backupIntervalMs: 0,
    })
    core.start()
    if (!record) {
      // The same Session path with the transcript writer swapped for one that keeps nothing.
      const noop = { record: () => undefined, flush: () => undefined, close: () => undefined }
      ;(core.sessions as unknown as { recorderFor: () => unknown }).recorderFor = () => noop
    }
    try {
      const [target] = core.data.require().targets.list()
      const info = await core.sessions.openSsh({
        targetId: target?.id ?? '',
        cols: 100,
        rows: 30,
        incidentId: null,
      })
      let tail = ''
      let start = 0
      let done: ((ms: number) => void) | null = null
      const finished = new Promise<number>((r) => (done = r))
      const viewer = {
        id: 'bench',
        sendFrame: (f: Uint8Array) => {
          const frame = decodeFrame(f)
          if (!frame) return
          tail = (tail + Buffer.from(frame.payload).toString('latin1')).slice(-200)
          routeIncomingFrame(
            core.sessions,
            viewer,
            encodeAck(frame.channel, frame.payload.byteLength),
          )
          if (start && tail.includes(MARKER)) done?.(performance.now() - start)
        },
      }
      core.sessions.attach(viewer, info.id)
      await new Promise((r) => setTimeout(r, 500))
      const cpu = process.threadCpuUsage()
      start = performance.now()
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(
          FrameKind.Input,
          info.channel,
          new TextEncoder().encode(`cat ${file}; echo DONE-$((40+2))\r`),
        ),
      )
      const ms = await finished
      // CPU time of this thread alone (the core runs in it, as in the app's main process): the
      // recorder's share is what recording costs the thread that forwards keystrokes and
      // output; its commits run in a writer thread, which this does not count. Wall-clock
      // busy time would count the thread waiting for a core the writer thread holds.
      const used = process.threadCpuUsage(cpu)
      lastMainMsPerMb = (used.user + used.system) / 1000 / (bytes / 1e6)
      core.sessions.close(info.id)
      return bytes / 1e6 / (ms / 1000)
    } finally {
      core.close()
    }
  })
}

export const sessionsSsh: Benchmark = {
  name: 'sessions-ssh-pane',
  description: `One SSH pane end to end: \`cat\` of a ${FILE_MB} MB text file on a real loopback sshd through ssh2, the core (recorded, batched, flow-controlled), the headless bridge and the renderer's shared write scheduler into xterm.js (10 000 lines scrollback; the WebGL renderer, which Playwright's Chromium runs on SwiftShader, i.e. on the CPU) in Debian Chromium — from Enter to the marker after the file painted. Baselines in the same run: bare xterm.js at the pane's own columns and rows (WebGL addon like the panes) writing the same bytes in a blank page of the same browser (its best case: everything already in memory and queued at once), pane and bare runs taking turns, and OpenSSH \`ssh host 'cat file' > /dev/null\`. Keystroke echo has its own benchmark (sessions-echo). Recording overhead: the same SSH session in the core with the transcript recorder vs. a no-op recorder (viewer acks at once). Median of ${RUNS} runs.`,
  howToRead:
    "Goal: the pane at ≥ 80% of bare xterm.js. Under software rendering (SwiftShader) both sides spend most of each frame waiting for the GPU process to read the WebGL canvas back, so the pane's figure is what is left of two cores after sshd, ssh2, the core, the socket and its worker take their share; the same pane parses a 16 MB write made in the page itself as fast as bare xterm.js. A CDP trace shows both sides alternating one xterm parse slice and one frame blocked on WebGL read-back, so bytes parsed per frame decide the ratio: 64 KB write pieces, a 2 MB / 1 MB SSH window and the shared per-frame budget (~15 MB/s) applied to a lone pane gave 0.57×; 512 KB pieces, 4 MB / 3 MB and a lone streaming pane fed up to its 1 MB in-flight bound give the figure above. Before the worker (frames ≤ 128 KB received on the page's main thread, 1 MB writes into xterm, SSH resumed at 50 KB of a 1 MB window, a commit per 64 KB recorded) the pane sat at 0.43× of a 100×30 baseline, its source paused most of the time. Runs vary ±0.1× on this 2-core machine. OpenSSH to /dev/null shows what the link carries when nothing renders. Recording (issue #20, goal ≥ 0.95× in every run): the recorder's commits run in a writer thread with its own connection and without an fsync; the main-thread row says what recording costs the thread that forwards keystrokes and output (its own CPU time per MB, the writer thread not counted), against the no-op recorder. A CPU profile of that thread over the 16 MB cat (sampled every 200 µs, from Enter to the marker) put the recorder at ~25–45 ms a run: concatenating each row's chunks into a buffer of its own (toRow), then the structured clone of every row into postMessage — two copies of each byte — and the source's chunks kept alive for up to 250 ms, which the collector ages. Now each chunk is copied once, as it arrives, into a 1 MB block of shared memory (SharedArrayBuffer); rows cross to the writer as views of it (no copy) and stay readable here until committed (the fallback if the thread dies); a block is reused once the batch that handed its last rows over is committed, because a fresh block's pages cost ~0.4 ms per MB in page faults. The same profile puts the recorder at ~15–25 ms a run (the one copy and the bookkeeping). What is left is mostly not on this thread: the writer's SQLite work costs ~2.5–3 ms of CPU per MB in another thread (half writing the WAL, half the automatic checkpoints into the database file: 16 MB of rows take ~40 ms with checkpoints, ~22 ms without, in isolation), and on this 2-core VM that thread competes with sshd, ssh2 and the main thread for the cores — that is the throughput ratio's gap, and it grows with whatever else runs. Checkpoints are the store's and stay where they are: turned off in the writer's connection they would land on the main connection's next commit. Measured with other sessions' work running on the machine (load ~2–5 on 2 cores); three runs of this benchmark after the change gave 0.99×, 1.09× and 0.86× for throughput (the table shows the last) and 0.97×, 0.97× and 1.08× for main-thread CPU (before: 0.88× and 1.18×). The goal, ≥ 0.95× in every run, is not met: the no-op recorder's own runs spread from 25 to 104 MB/s in these runs, more than recording costs, and the writer thread's CPU is still taken from the same two cores. The pane rows ran the built app from before this change (its recorder is the old one); the core rows run the sources.",
  async run(): Promise<Figure[]> {
    const sshd = await startSshd()
    const browser = await launchChromium()
    const pane: number[] = []
    const raw: number[] = []
    const openssh: number[] = []
    const recOn: number[] = []
    const recOff: number[] = []
    const mainOn: number[] = []
    const mainOff: number[] = []
    let geometry = ''
    try {
      await withTempDirAsync(async (work) => {
        const file = join(work, 'payload.txt')
        const bytes = writeFile(file)
        const note = (what: string): boolean => process.stderr.write(`  ${what}\n`)
        note('OpenSSH cat > /dev/null')
        for (let i = 0; i < RUNS; i++) openssh.push(await opensshCat(sshd, work, file, bytes))
        note('core, recording on/off')
        for (let i = 0; i < RUNS; i++) {
          recOn.push(await coreThroughput(sshd, file, bytes, true))
          mainOn.push(lastMainMsPerMb)
          recOff.push(await coreThroughput(sshd, file, bytes, false))
          mainOff.push(lastMainMsPerMb)
        }
        note('pane in Chromium')
        await withTempDirAsync(async (dataDir) => {
          plantSshTarget(dataDir, sshd)
          const server = await startHeadless(dataDir)
          try {
            const page = await openApp(browser, server.url)
            const ch = await connectSsh(page)
            // The baseline gets the pane's own geometry: a narrower terminal wraps each line into
            // more rows, which is more work for any xterm.js. Runs take turns, so the drift of a
            // shared machine hits both alike.
            const { cols, rows } = (await page.evaluate(
              `window.__sitrepPanes.get(${ch}).size()`,
            )) as { cols: number; rows: number }
            geometry = `${cols}×${rows}`
            const rawPage = await rawXtermPage(browser)
            for (let i = 0; i < RUNS; i++) {
              pane.push(await paneThroughput(page, ch, file, bytes))
              raw.push(await rawThroughput(rawPage, cols, rows))
            }
            await rawPage.close()
            await page.close()
          } finally {
            server.stop()
          }
        })
      })
    } finally {
      await browser.close()
      await sshd.stop()
    }
    return [
      {
        label: 'SSH pane throughput (recorded, into xterm.js)',
        value: median(pane),
        unit: 'MB/s',
        baselineLabel: `bare xterm.js write, same bytes, same browser, same ${geometry} geometry`,
        baselineValue: median(raw),
        higherIsBetter: true,
        samples: pane,
        baselineSamples: raw,
      },
      {
        label: 'SSH pane throughput vs. OpenSSH',
        value: median(pane),
        unit: 'MB/s',
        baselineLabel: "OpenSSH ssh host 'cat file' > /dev/null",
        baselineValue: median(openssh),
        higherIsBetter: true,
        samples: pane,
        baselineSamples: openssh,
      },
      {
        label: 'SSH session in the core, recording on',
        value: median(recOn),
        unit: 'MB/s',
        baselineLabel: 'same, recorder replaced by a no-op',
        baselineValue: median(recOff),
        higherIsBetter: true,
        samples: recOn,
        baselineSamples: recOff,
      },
      {
        label: 'main-thread CPU per MB, recording on',
        value: median(mainOn),
        unit: 'ms/MB',
        baselineLabel: 'same, recorder replaced by a no-op',
        baselineValue: median(mainOff),
        higherIsBetter: false,
        samples: mainOn,
        baselineSamples: mainOff,
      },
    ]
  },
}
