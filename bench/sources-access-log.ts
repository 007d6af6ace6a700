// The access-log source following an nginx-style log written at 5 000 lines/s on a host (the
// harness's sshd on loopback: the "host" is this machine): CPU of the laptop side (the core, in
// this process) and of the host side (sshd's session and tail), against a bare `tail -F` over
// the same pooled SSH connection whose bytes are dropped on arrival. Plus the parser's own
// speed: lines per second through the collector (split, parse, window) against the same bytes
// only split into lines. A writer child process appends the lines, so neither side pays for it.
// SITREP_BENCH_ACCESS_SECONDS sets the window of each round.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Core } from '../src/main/core/core'
import { AccessLogCollector } from '../src/main/core/metrics/collectors/accessLogCollector'
import { LineSplitter, tailCommand } from '../src/main/core/metrics/collectors/logFollower'
import type { LogSourceDetail } from '../src/shared/contract'
import { processTree } from '../test/helpers/services/procfs'
import { startSshd } from '../test/helpers/services/sshd'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'

const RATE = 5_000
const SECONDS = Number(process.env.SITREP_BENCH_ACCESS_SECONDS ?? 20)
const ROUNDS = Number(process.env.SITREP_BENCH_ACCESS_ROUNDS ?? 2)
const WARMUP_MS = 3_000
const CLOCK_TICKS = 100 // USER_HZ on Linux
const PARSE_LINES = 300_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Lines as nginx writes them with `timed`: mostly 200s, some 404/500/502, a slow one now and then. */
function sampleLines(n: number): string[] {
  const statuses = [200, 200, 200, 200, 200, 200, 200, 304, 404, 500, 502, 200]
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[i % statuses.length]
    const t = (i % 97 === 0 ? 1.2 + (i % 5) / 10 : 0.003 + (i % 40) / 1000).toFixed(3)
    return `10.0.${i % 250}.${i % 200} - - [04/Dec/2026:19:30:${String(i % 60).padStart(2, '0')} +0000] "GET /api/v1/projects/${i % 300}?page=${i % 7} HTTP/1.1" ${status} ${512 + (i % 900)} "https://mks.example/app" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" ${t}`
  })
}

/** A child process appending RATE lines/s to `path` in 10 ms batches. */
function startWriter(path: string, dir: string): ChildProcess {
  const sample = join(dir, 'lines.json')
  writeFileSync(sample, JSON.stringify(sampleLines(1_000)))
  const script = `
    const fs = require('node:fs')
    const lines = JSON.parse(fs.readFileSync(${JSON.stringify(sample)}, 'utf8'))
    const fd = fs.openSync(${JSON.stringify(path)}, 'a')
    let i = 0
    let written = 0
    const start = Date.now()
    setInterval(() => {
      const due = Math.floor(((Date.now() - start) / 1000) * ${RATE}) - written
      if (due <= 0) return
      let out = ''
      for (let k = 0; k < due; k++) out += lines[i++ % lines.length] + '\\n'
      fs.writeSync(fd, out)
      written += due
    }, 10)
  `
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
}

function ticks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(f[11]) + Number(f[12])
  } catch {
    return 0
  }
}

/** CPU ticks of sshd and everything under it (the session's sshd and the tail it runs). */
function hostTicks(sshdPid: number): Map<number, number> {
  return new Map(processTree(sshdPid).map((p) => [p.pid, ticks(p.pid)]))
}

interface Usage {
  laptop: number
  host: number
  seconds: number
}

/** CPU of this process and of the host side over the window, as % of one core. */
async function usageOver(sshdPid: number, seconds: number): Promise<Usage> {
  await sleep(WARMUP_MS)
  const h0 = hostTicks(sshdPid)
  const c0 = process.cpuUsage()
  const t0 = Date.now()
  await sleep(seconds * 1000)
  const c = process.cpuUsage(c0)
  const h1 = hostTicks(sshdPid)
  const elapsed = (Date.now() - t0) / 1000
  let host = 0
  for (const [pid, t] of h1) host += t - (h0.get(pid) ?? 0)
  return {
    laptop: (100 * (c.user + c.system)) / 1e6 / elapsed,
    host: (100 * host) / CLOCK_TICKS / elapsed,
    seconds: elapsed,
  }
}

/** Lines per second: through the collector (split + parse + window) vs. split only. */
function parseSpeed(): { ours: number; floor: number } {
  const bytes = Buffer.from(`${sampleLines(10_000).join('\n')}\n`)
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += 16_384) chunks.push(bytes.subarray(at, at + 16_384))
  const rounds = Math.ceil(PARSE_LINES / 10_000)
  const time = (feed: (b: Buffer) => void): number => {
    const t0 = process.hrtime.bigint()
    for (let r = 0; r < rounds; r++) for (const c of chunks) feed(c)
    return (rounds * 10_000) / (Number(process.hrtime.bigint() - t0) / 1e9)
  }
  // Nothing is followed: the collector's line() is fed by a splitter, as the stream does.
  const noSsh = {
    exec: () => Promise.reject(new Error('unused')),
    tunnel: () => Promise.reject(new Error('unused')),
    follow: () => Promise.reject(new Error('unused')),
  }
  const collector = new AccessLogCollector(noSsh, {
    targetId: 'x',
    path: '/x',
    format: 'timed',
    windowSec: 60,
  })
  let seen = 0
  const ours = new LineSplitter(
    (l) => collector.line(l),
    () => undefined,
  )
  const floor = new LineSplitter(
    () => seen++,
    () => undefined,
  )
  time((b) => ours.push(b)) // warm-up of both paths
  time((b) => floor.push(b))
  const o: number[] = []
  const f: number[] = []
  for (let i = 0; i < 3; i++) {
    o.push(time((b) => ours.push(b)))
    f.push(time((b) => floor.push(b)))
  }
  const d = collector.detail()
  if (d.access?.unparsed)
    throw new Error(`the bench's lines did not parse: ${d.access.unparsedRecent[0]}`)
  return { ours: median(o), floor: median(f) }
}

export const sourcesAccessLog: Benchmark = {
  name: 'sources-access-log',
  description: `The access-log source following a log written at ${RATE} lines/s (a writer child process; nginx's combined format plus $request_time) on the harness's sshd over loopback: CPU of the laptop side (the core in this process: the stream, line splitting, parsing, the window, samples stored every second) and of the host side (sshd's session and tail -F, from /proc), over ${SECONDS} s after a ${WARMUP_MS / 1000} s warm-up, ${ROUNDS} rounds of ours then bare. Raw baseline: \`tail -F -n 0\` of the same file over the same pooled SSH connection, its bytes dropped on arrival. Lines per second: the collector's path (split, parse, window) over ${PARSE_LINES.toLocaleString('en')} lines in memory vs. the same bytes only split into lines.`,
  howToRead:
    'The laptop ratio is what parsing and counting cost over receiving the bytes at all; the host ratio should be ~1× (the host runs the same tail either way: no agent). Lines/s far above 5 000 means the source keeps up with a busy log with room to spare.',
  async run(): Promise<Figure[]> {
    const sshd = await startSshd()
    try {
      return await withTempDirAsync(async (dir) => {
        const shared = sshd.sharedDir('bench-')
        const log = join(shared, 'access.log')
        writeFileSync(log, '')
        const core = new Core({
          dataDir: dir,
          shell: 'headless',
          version: 'bench',
          backupIntervalMs: 0,
          userKnownHosts: join(dir, 'none'),
        })
        core.start()
        core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, true))
        const writer = startWriter(log, dir)
        try {
          const target = core.data.require().targets.saveSsh({
            name: 'web-1',
            host: sshd.host,
            port: sshd.port,
            user: sshd.user,
            authKind: 'key',
            keyPath: sshd.clientKeyPath,
            jumpVia: [],
            tags: [],
            keepaliveSec: 15,
          })
          const sshdPid = sshd.pid as number

          const ours = async (): Promise<Usage & { linesPerSec: number }> => {
            const s = await core.metrics().save({
              kind: 'access-log',
              name: 'web-1 nginx',
              targetId: target.id,
              path: log,
              format: 'timed',
              intervalSec: 1,
              timeoutSec: 10,
            })
            const lines = (): number =>
              (core.metrics().logDetail(s.config.id) as LogSourceDetail).access?.lines ?? 0
            try {
              await sleep(WARMUP_MS)
              const l0 = lines()
              const u = await usageOver(sshdPid, SECONDS)
              // usageOver's own warm-up is inside its window's start: count from after it.
              const linesPerSec = (lines() - l0) / (u.seconds + WARMUP_MS / 1000)
              return { ...u, linesPerSec }
            } finally {
              await core.metrics().remove(s.config.id)
            }
          }

          const bare = async (): Promise<Usage> => {
            const f = await core.ssh.follow(target.id, tailCommand(log), {
              stdout: () => undefined,
              stderr: () => undefined,
            })
            try {
              await sleep(WARMUP_MS)
              return await usageOver(sshdPid, SECONDS)
            } finally {
              f.close()
              await f.ended
            }
          }

          const o: (Usage & { linesPerSec: number })[] = []
          const b: Usage[] = []
          for (let r = 0; r < ROUNDS; r++) {
            o.push(await ours())
            b.push(await bare())
          }
          const speed = parseSpeed()
          return [
            {
              label: `laptop CPU following a log at ${RATE} lines/s`,
              value: median(o.map((x) => x.laptop)),
              unit: '% of a core',
              baselineLabel: 'bare tail -F over the same SSH connection, bytes dropped',
              baselineValue: median(b.map((x) => x.laptop)),
              higherIsBetter: false,
              samples: o.map((x) => x.laptop),
              baselineSamples: b.map((x) => x.laptop),
            },
            {
              label: 'host CPU (sshd session + tail)',
              value: median(o.map((x) => x.host)),
              unit: '% of a core',
              baselineLabel: 'the same for the bare tail -F',
              baselineValue: median(b.map((x) => x.host)),
              higherIsBetter: false,
              samples: o.map((x) => x.host),
              baselineSamples: b.map((x) => x.host),
            },
            {
              label: 'lines counted by the source per second',
              value: median(o.map((x) => x.linesPerSec)),
              unit: 'lines/s',
              baselineLabel: 'lines written per second',
              baselineValue: RATE,
              higherIsBetter: true,
              samples: o.map((x) => x.linesPerSec),
            },
            {
              label: 'lines through the collector per second (in memory)',
              value: speed.ours,
              unit: 'lines/s',
              baselineLabel: 'the same bytes only split into lines',
              baselineValue: speed.floor,
              higherIsBetter: true,
            },
          ]
        } finally {
          writer.kill()
          core.close()
        }
      })
    } finally {
      await sshd.stop()
    }
  },
}
