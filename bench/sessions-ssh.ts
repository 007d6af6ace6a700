// One SSH pane end to end: bytes from a real sshd through ssh2, the core (recorder, batcher,
// flow control), the headless bridge and the renderer's write scheduler into xterm.js in Debian
// Chromium, vs. bare xterm.js writing the same bytes in the same browser and vs. OpenSSH's own
// `ssh host 'cat file' > /dev/null`; and what
// recording costs, measured in the core with the recorder swapped for a no-op.
import { spawn } from 'node:child_process'
import { chmodSync, openSync, closeSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { loadavg } from 'node:os'
import * as pty from 'node-pty'
import type { Page } from '@playwright/test'
import { Core } from '../src/main/core/core'
import { routeIncomingFrame } from '../src/main/core/rpc/frames'
import { WRITER_CHECKPOINTS } from '../src/main/core/sessions/recorder'
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

export function writeFile(path: string, mb = FILE_MB): number {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < mb * 1024 * 1024; i++) {
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
        const hot = process.cpuUsage(cpu)
        loop.disable()
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

/**
 * CPU ms used so far by a process and everything under it, reaped children included (Linux
 * /proc, in clock ticks of 10 ms): the test sshd, its per-connection processes, the shells and
 * their `cat`. 0 where there is no /proc.
 */
function treeCpuMs(root: number | undefined): number {
  if (root === undefined) return 0
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>()
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      try {
        // After the command's closing parenthesis: state, ppid, … utime(14) stime cutime cstime.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
        stats.set(Number(name), { ppid: Number(f[1]), ticks })
      } catch {
        // The process ended while the list was read.
      }
    }
    let ticks = 0
    for (const [pid, st] of stats) {
      for (let p: number | undefined = pid; p !== undefined && p > 1; p = stats.get(p)?.ppid)
        if (p === root) {
          ticks += st.ticks
          break
        }
    }
    return ticks * 10
  } catch {
    return 0
  }
}

/** What one `cat` through a core session cost: throughput and CPU per MB. */
interface CoreRun {
  mbps: number
  /** CPU of the whole process (main thread, writer thread, V8 and libuv helpers) per MB. */
  processMsPerMb: number
  /** CPU of the main thread alone (the core runs in it, as in the app's main process). */
  mainMsPerMb: number
  /** CPU of the whole process from Enter to the marker only: what competes with the session. */
  hotMsPerMb: number
  /** From the marker until every byte is committed: how far behind the writer was. */
  lagMs: number
  /** This process, sshd and the remote shell's `cat` together: the whole session's CPU. */
  sessionMsPerMb: number
  /** The longest the main thread's event loop was held up during the run. */
  stallMs: number
}

interface CoreSession {
  cat(): Promise<CoreRun>
}

/**
 * One Core with two SSH sessions to the same sshd: one recorded by the real transcript recorder,
 * one whose recorder is a no-op, on the same Session path (recorder swapped in recorderFor).
 * Both live in the same process, so runs of either share its heap, its database and its
 * threads; only the recorder differs. The viewer acks every frame at once.
 */
async function coreSessions(
  dir: string,
  sshd: Sshd,
  file: string,
  bytes: number,
): Promise<{ on: CoreSession; off: CoreSession; close: () => void }> {
  plantSshTarget(dir, sshd)
  const core = new Core({ dataDir: dir, shell: 'headless', version: 'bench', backupIntervalMs: 0 })
  core.start()
  const manager = core.sessions as unknown as { recorderFor: (store: unknown) => unknown }
  const [target] = core.data.require().targets.list()
  const open = async (record: boolean): Promise<CoreSession> => {
    const real = manager.recorderFor
    // The same Session path with the transcript writer swapped for one that keeps nothing.
    const noop = { record: () => undefined, flush: () => undefined, close: () => undefined }
    if (!record) manager.recorderFor = () => noop
    const info = await core.sessions
      .openSsh({ targetId: target?.id ?? '', cols: 100, rows: 30, incidentId: null })
      .finally(() => (manager.recorderFor = real))
    let tail = ''
    let armed = false
    let done: (() => void) | null = null
    const viewer = {
      id: `bench-${record ? 'on' : 'off'}`,
      sendFrame: (f: Uint8Array) => {
        const frame = decodeFrame(f)
        if (!frame) return
        tail = (tail + Buffer.from(frame.payload).toString('latin1')).slice(-200)
        routeIncomingFrame(
          core.sessions,
          viewer,
          encodeAck(frame.channel, frame.payload.byteLength),
        )
        if (armed && tail.includes(MARKER)) {
          armed = false
          done?.()
        }
      },
    }
    core.sessions.attach(viewer, info.id)
    const input = new TextEncoder().encode(`cat ${file}; echo DONE-$((40+2))\r`)
    return {
      async cat(): Promise<CoreRun> {
        // Whatever an earlier run left to the writer is committed before the clock starts.
        core.sessions.flushRecordings()
        await new Promise((r) => setTimeout(r, SETTLE_MS))
        tail = ''
        const finished = new Promise<void>((r) => (done = r))
        armed = true
        const loop = monitorEventLoopDelay({ resolution: 5 })
        loop.enable()
        const sshdBefore = treeCpuMs(sshd.pid)
        const cpu = process.cpuUsage()
        const main = process.threadCpuUsage()
        const start = performance.now()
        routeIncomingFrame(core.sessions, viewer, encodeFrame(FrameKind.Input, info.channel, input))
        await finished
        const ms = performance.now() - start
        const hot = process.cpuUsage(cpu)
        loop.disable()
        // CPU counts up to the last byte committed and checkpointed: the writer's tail, and its
        // checkpoint once output is quiet, are recording's cost too. Both sides wait alike.
        core.sessions.flushRecordings()
        const lagMs = performance.now() - start - ms
        await new Promise((r) => setTimeout(r, WRITER_CHECKPOINTS.quietMs + 200))
        const usedMain = process.threadCpuUsage(main)
        const used = process.cpuUsage(cpu)
        const sshdMs = treeCpuMs(sshd.pid) - sshdBefore
        const mb = bytes / 1e6
        return {
          mbps: mb / (ms / 1000),
          processMsPerMb: (used.user + used.system) / 1000 / mb,
          mainMsPerMb: (usedMain.user + usedMain.system) / 1000 / mb,
          hotMsPerMb: (hot.user + hot.system) / 1000 / mb,
          lagMs,
          sessionMsPerMb: ((used.user + used.system) / 1000 + sshdMs) / mb,
          stallMs: loop.max / 1e6,
        }
      },
    }
  }
  const on = await open(true)
  const off = await open(false)
  return { on, off, close: () => core.close() }
}

export const sessionsSsh: Benchmark = {
  name: 'sessions-ssh-pane',
  description: `One SSH pane end to end: \`cat\` of a ${FILE_MB} MB text file on a real loopback sshd through ssh2, the core (recorded, batched, flow-controlled), the headless bridge and the renderer's shared write scheduler into xterm.js (10 000 lines scrollback; the WebGL renderer, which Playwright's Chromium runs on SwiftShader, i.e. on the CPU) in Debian Chromium — from Enter to the marker after the file painted. Baselines in the same run: bare xterm.js at the pane's own columns and rows (WebGL addon like the panes) writing the same bytes in a blank page of the same browser (its best case: everything already in memory and queued at once), pane and bare runs taking turns, and OpenSSH \`ssh host 'cat file' > /dev/null\`. Keystroke echo has its own benchmark (sessions-echo). Median of ${RUNS} runs. What recording costs has its own benchmark (sessions-ssh-recording).`,
  howToRead:
    "Goal: the pane at ≥ 80% of bare xterm.js. Under software rendering (SwiftShader) both sides spend most of each frame waiting for the GPU process to read the WebGL canvas back, so the pane's figure is what is left of two cores after sshd, ssh2, the core, the socket and its worker take their share; the same pane parses a 16 MB write made in the page itself as fast as bare xterm.js. A CDP trace shows both sides alternating one xterm parse slice and one frame blocked on WebGL read-back, so bytes parsed per frame decide the ratio: 64 KB write pieces, a 2 MB / 1 MB SSH window and the shared per-frame budget (~15 MB/s) applied to a lone pane gave 0.57×; 512 KB pieces, 4 MB / 3 MB and a lone streaming pane fed up to its 1 MB in-flight bound give the figure above. Before the worker (frames ≤ 128 KB received on the page's main thread, 1 MB writes into xterm, SSH resumed at 50 KB of a 1 MB window, a commit per 64 KB recorded) the pane sat at 0.43× of a 100×30 baseline, its source paused most of the time. Runs vary ±0.1× on this 2-core machine. OpenSSH to /dev/null shows what the link carries when nothing renders.",
  async run(): Promise<Figure[]> {
    const sshd = await startSshd()
    const browser = await launchChromium()
    const pane: number[] = []
    const raw: number[] = []
    const openssh: number[] = []
    let geometry = ''
    try {
      await withTempDirAsync(async (work) => {
        const file = join(work, 'payload.txt')
        const bytes = writeFile(file)
        const note = (what: string): boolean => process.stderr.write(`  ${what}\n`)
        note('OpenSSH cat > /dev/null')
        for (let i = 0; i < RUNS; i++) openssh.push(await opensshCat(sshd, work, file, bytes))
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
    ]
  },
}

/** Per recording run: a shorter file than the pane's, so that many more pairs fit in a run. */
const RECORDING_MB = 8
/** ABBA pairs measured, after one warm-up pair that is thrown away. */
const PAIRS = 24
/** Quiet time before each run: the last run's writer and sshd are done, the session idle. */
const SETTLE_MS = 300

/** The middle half of xs: [25th, 75th percentile] (nearest rank). */
function quartiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
  return [at(0.25), at(0.75)]
}

export const sessionsSshRecording: Benchmark = {
  name: 'sessions-ssh-recording',
  description: `What recording a session costs (issue #20): \`cat\` of a text file of ${RECORDING_MB} MB on a real loopback sshd through ssh2 and the core (batched, flow-controlled; the viewer acks every frame at once), in one Core with two SSH sessions: one recorded by the transcript recorder (writer thread, its own connection), one whose recorder is a no-op on the same Session path. Runs alternate in ABBA pairs (on-off, off-on, …; ${PAIRS} pairs after one warm-up pair thrown away), each after the previous run's transcript is committed and ${SETTLE_MS} ms of quiet. Throughput is from Enter to the marker after the file; CPU counts from Enter until the last byte is committed (process.cpuUsage: every thread of the process; process.threadCpuUsage: the main thread; the whole session adds sshd, its shell and \`cat\`, read from /proc).`,
  howToRead:
    "Goal (issue #20): recording costs at most 5 % of an SSH session's throughput in every run, i.e. the first row ≥ 0.95×. The first row is the goal's figure, because the goal is stated in throughput: the median of per-pair ratios, each pair run back to back in the same process so that both sides share the machine's state at that moment, with its middle half and its extremes. It cannot be judged to 5 % on this shared 2-core VM: other sessions' work (the load in its label) moves single pairs from 0.1× to 4×, and a run's median of 24 pairs from 0.85× to 1.24× from run to run. The CPU rows are what recording costs whatever the scheduling, and say why and where the floor is; under heavy load they inflate too (the same work takes more CPU time on contended cores: the no-op's own process CPU ran 7–9 ms per MB), so their differences are read across runs. " +
    "Profile. Recording costs this process ~2.5–4.5 ms of CPU per MB in all (process row, on − off), nearly all of it the writer thread's SQLite work (other-threads row): writing each byte into the WAL, with its checksums, and later copying it into the database file at a checkpoint and syncing both - SQLite's WAL writes every byte twice, and the kernel's writing and syncing is about half of it. The main thread adds 0–1.5 ms per MB (main-thread row: one copy into shared blocks, the rows' bookkeeping). The whole session - this process, sshd and the remote shell's `cat` - costs ~16–18 ms per MB without recording, so the part of recording that runs during a flood (the from-Enter-to-marker row; 1.45 ms per MB in isolation, below) is ~8 % of it, and all of recording ~15–20 %. That is the floor: while other work keeps both cores busy (the load was 10–20 during these runs), a session that needs ~8 % more CPU gets about that much less throughput, wherever the work runs; with a core to spare the writer runs beside sshd and the main thread and costs the session nothing. " +
    "What changed: the writer's commits no longer checkpoint (checkpoints run once output is quiet for 500 ms, at once past 16 MB, and for the main connection's commits every second when quiet), so a burst's checkpoint comes after it; the writer runs at nice +10 on Linux (sshd, ssh2 and the main thread come first; the label says how far behind it was when a flood ended - what a crash at that moment would lose; macOS and Windows have no per-thread priority in Node); spare shared blocks are kept for 10 s of quiet instead of one interval, so a burst after a pause does not fault in fresh pages. In isolation (the recorder alone fed 8 MB at ~60 MB/s in 32 KB chunks, alternating with the old recorder in the same process, load 7–9), the process CPU spent during the flood fell from 2.0 to 1.45 ms per MB (twice: 2.05 → 1.43, 1.97 → 1.49), the total staying 3.2–3.9 ms per MB (moved after the burst, not removed). Before the change this benchmark gave 0.87× and 1.01× (16 pairs, load 2–3; main-thread CPU 1.14× and 1.11×); a three-way rotation old recorder / new / no-op under load ~10 gave 0.82× and 0.84× - indistinguishable at that load. After it, with the load at 12–20 from other sessions' tests and benchmarks, four runs gave 0.90×, 1.24×, 0.85× and 0.87× (24 pairs each; whole-process CPU 1.37×, 1.26×, 1.43×, 1.48×), a fifth 1.08×. On the quiet machine afterwards (load below 2, 2026-12-05), two runs gave 1.07× (middle half of the 24 pairs 0.94–1.37) and 0.99× (0.88–1.12; the table is this one): ≥ 0.95× in both. While the machine is shared the spread between runs is larger than what recording costs. On a quiet machine the first row is expected at ~1×, and ~0.92× (1 − 8 %) is its floor when the cores are saturated; below that only less CPU per recorded byte helps (a transcript store that writes each byte once, outside SQLite's WAL, would halve the writer's work).",
  async run(): Promise<Figure[]> {
    const sshd = await startSshd()
    // The machine's load next to the figures: other work on the two cores is most of the noise.
    const loadBefore = loadavg()[0] as number
    const on: CoreRun[] = []
    const off: CoreRun[] = []
    try {
      await withTempDirAsync(async (work) => {
        const file = join(work, 'payload.txt')
        const bytes = writeFile(file, RECORDING_MB)
        await withTempDirAsync(async (dir) => {
          const core = await coreSessions(dir, sshd, file, bytes)
          try {
            for (let pair = -1; pair < PAIRS; pair++) {
              // ABBA: whichever side goes first in a pair, the other goes first in the next one.
              const first = pair % 2 === 0 ? 'on' : 'off'
              const a = await (first === 'on' ? core.on : core.off).cat()
              const b = await (first === 'on' ? core.off : core.on).cat()
              if (pair < 0) continue // warm-up: first ssh2 window growth, JIT, first blocks
              on.push(first === 'on' ? a : b)
              off.push(first === 'on' ? b : a)
              process.stderr.write(
                `  pair ${pair + 1}/${PAIRS}: on ${on.at(-1)?.mbps.toFixed(1)} MB/s, ` +
                  `off ${off.at(-1)?.mbps.toFixed(1)} MB/s; longest loop stall on ` +
                  `${on.at(-1)?.stallMs.toFixed(0)} ms, off ${off.at(-1)?.stallMs.toFixed(0)} ms\n`,
              )
            }
          } finally {
            core.close()
          }
        })
      })
    } finally {
      await sshd.stop()
    }
    const of = (runs: CoreRun[], key: keyof CoreRun): number[] => runs.map((r) => r[key])
    const lags = of(on, 'lagMs')
    process.stderr.write(
      `  writer behind at the marker: median ${median(lags).toFixed(0)} ms, ` +
        `max ${Math.max(...lags).toFixed(0)} ms\n`,
    )
    const load = `load ${loadBefore.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)}`
    const ratios = on.map((r, i) => r.mbps / (off[i] as CoreRun).mbps)
    const [q1, q3] = quartiles(ratios)
    process.stderr.write(
      `  per-pair throughput ratios: median ${median(ratios).toFixed(3)}, ` +
        `middle half ${q1.toFixed(3)}–${q3.toFixed(3)}\n`,
    )
    const other = (runs: CoreRun[]): number[] => runs.map((r) => r.processMsPerMb - r.mainMsPerMb)
    const cpuRow = (label: string, ours: number[], noop: number[]): Figure => ({
      label,
      value: median(ours),
      unit: 'ms/MB',
      baselineLabel: 'same, recorder replaced by a no-op',
      baselineValue: median(noop),
      higherIsBetter: false,
      samples: ours,
      baselineSamples: noop,
    })
    return [
      {
        label: `throughput, recording on / no-op, median of ${PAIRS} ABBA pairs' ratios (middle half ${q1.toFixed(2)}–${q3.toFixed(2)}; writer ${median(lags).toFixed(0)} ms behind at the marker, at most ${Math.max(...lags).toFixed(0)}; ${load})`,
        value: median(ratios),
        unit: '×',
        baselineLabel: 'recording free',
        baselineValue: 1,
        higherIsBetter: true,
        samples: ratios,
      },
      {
        label: 'SSH session in the core, recording on',
        value: median(of(on, 'mbps')),
        unit: 'MB/s',
        baselineLabel: 'same, recorder replaced by a no-op',
        baselineValue: median(of(off, 'mbps')),
        higherIsBetter: true,
        samples: of(on, 'mbps'),
        baselineSamples: of(off, 'mbps'),
      },
      cpuRow(
        "CPU per MB of the whole session (this process, sshd and the remote shell's cat), recording on",
        of(on, 'sessionMsPerMb'),
        of(off, 'sessionMsPerMb'),
      ),
      cpuRow(
        'CPU per MB, whole process (every thread), recording on',
        of(on, 'processMsPerMb'),
        of(off, 'processMsPerMb'),
      ),
      cpuRow(
        'CPU per MB, whole process, from Enter to the marker only, recording on',
        of(on, 'hotMsPerMb'),
        of(off, 'hotMsPerMb'),
      ),
      cpuRow('main-thread CPU per MB, recording on', of(on, 'mainMsPerMb'), of(off, 'mainMsPerMb')),
      cpuRow(
        "other threads' CPU per MB (writer, V8 and libuv helpers), recording on",
        other(on),
        other(off),
      ),
    ]
  },
}
