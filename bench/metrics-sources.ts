// 50 sources at 1 Hz: the headless app (core + bridge, the same process the Electron main runs)
// polling 50 HTTP health checks against a local server, CPU and memory against the same app
// idle with no sources, samples actually stored per second against the 200/s expected, and the
// renderer's frame gaps with the dashboard's 50 live charts open vs. the same page without it.
// The 10 minutes with the sources running (SITREP_BENCH_METRICS_SECONDS shortens it for a
// quick look); the idle baseline needs less to be steady (SITREP_BENCH_METRICS_IDLE_SECONDS).
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Page } from '@playwright/test'
import { MetricSources } from '../src/main/core/metrics/sources'
import { DataDir } from '../src/main/core/store/store'
import { startHttpFixture } from '../test/helpers/services/httpFixture'
import { type Benchmark, type Figure, withTempDirAsync } from './harness'
import { startHeadless } from './headless'

const SOURCES = 50
// http.status, http.up, http.latency_ms, error.rate_percent, health.ok, health.failing_checks
const METRICS_PER_POLL = 6
const SECONDS = Number(process.env.SITREP_BENCH_METRICS_SECONDS ?? 600)
const IDLE_SECONDS = Number(process.env.SITREP_BENCH_METRICS_IDLE_SECONDS ?? 60)
const WARMUP_MS = 5_000
const CLOCK_TICKS = 100 // USER_HZ on Linux
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

function plant(dataDir: string, url: string, count: number): void {
  const dir = new DataDir(dataDir)
  dir.open()
  const store = dir.require()
  const sources = new MetricSources(store.db, store.secrets, Date.now)
  for (let i = 0; i < count; i++) {
    sources.save({
      kind: 'http',
      name: `api-${String(i).padStart(2, '0')} /health`,
      url: `${url}?n=${i}`,
      checkBody: true,
      via: null,
      intervalSec: 1,
      timeoutSec: 2,
      enabled: true,
    })
  }
  dir.close()
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(f[11]) + Number(f[12]) // utime + stime
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1] ?? 0) / 1024
}

interface Usage {
  cpuPercent: number
  rssMb: number
  from: number
  to: number
}

async function measure(pid: number, seconds: number): Promise<Usage> {
  await new Promise((r) => setTimeout(r, WARMUP_MS))
  const t0 = Date.now()
  const c0 = cpuTicks(pid)
  let rss = 0
  while (Date.now() - t0 < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 1_000))
    rss = Math.max(rss, rssMb(pid))
  }
  const t1 = Date.now()
  const cpu = (cpuTicks(pid) - c0) / CLOCK_TICKS
  return { cpuPercent: (100 * cpu) / ((t1 - t0) / 1000), rssMb: rss, from: t0, to: t1 }
}

async function frameGapP95(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const gaps = []
    let last = performance.now()
    const end = last + 3000
    await new Promise((resolve) => {
      function tick(now) {
        gaps.push(now - last)
        last = now
        if (now < end) requestAnimationFrame(tick)
        else resolve()
      }
      requestAnimationFrame(tick)
    })
    gaps.sort((a, b) => a - b)
    return gaps[Math.floor(gaps.length * 0.95)]
  })()`)
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

export const metricsSources: Benchmark = {
  name: 'metrics-50-sources',
  description: `${SOURCES} HTTP health-check sources polled at 1 Hz (body check on) against a local HTTP server, in the headless app (core + bridge in one Node process, as the Electron main process runs them). Measured for ${SECONDS} s with the sources running (idle baseline ${IDLE_SECONDS} s), each after ${WARMUP_MS / 1000} s warm-up. CPU (utime+stime from /proc) and peak RSS vs. the same app idle with no sources; samples stored per second vs. the ${SOURCES * METRICS_PER_POLL}/s the sources should produce; frame-gap p95 of the renderer in Chromium with the dashboard of ${SOURCES} live charts open (those in view read and redraw every 2 s, those scrolled away do not) vs. the same page with the dashboard closed (the strip's tiles still live). One run.`,
  howToRead:
    'CPU and memory ratios say what 50 sources cost over an idle app (idle CPU is near zero, so read the absolute % too). Stored/expected near 1 means no poll was lost or delayed. Frame-gap p95 near the idle page (~16.7 ms at 60 Hz) means the charts redraw within a frame.',
  async run(): Promise<Figure[]> {
    const api = await startHttpFixture({ delayMs: (n) => n % 20 })
    try {
      const idle = await withTempDirAsync(async (dir) => {
        const { child } = await startHeadless(dir)
        try {
          return await measure(child.pid as number, IDLE_SECONDS)
        } finally {
          await stop(child)
        }
      })
      return await withTempDirAsync(async (dir) => {
        plant(dir, api.url, SOURCES)
        const { url, child } = await startHeadless(dir)
        let loaded: Usage
        let withCharts = 0
        let withoutCharts = 0
        try {
          loaded = await measure(child.pid as number, SECONDS)
          const browser = await chromium.launch({
            executablePath: '/usr/bin/chromium',
            args: CHROMIUM_ARGS,
          })
          try {
            const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
            await page.goto(url)
            await page
              .getByTestId('metric-tile')
              .nth(SOURCES - 1)
              .waitFor({ timeout: 30_000 })
            withoutCharts = await frameGapP95(page)
            await page.getByTestId('metrics-open').click()
            // Charts off screen do not read or draw: wait until those in view have drawn.
            await page.waitForFunction(
              () =>
                [...document.querySelectorAll('[data-testid="metric-chart"]')].filter(
                  (c) => Number(c.getAttribute('data-points')) > 0,
                ).length >= 4,
              undefined,
              { timeout: 30_000 },
            )
            withCharts = await frameGapP95(page)
          } finally {
            await browser.close()
          }
        } finally {
          await stop(child)
        }
        const db = new Database(join(dir, 'sitrep.db'), { readonly: true })
        const row = db
          .prepare('SELECT count(*) AS n FROM metric_samples WHERE at BETWEEN ? AND ?')
          .get(loaded.from, loaded.to) as { n: number }
        db.close()
        const stored = row.n / ((loaded.to - loaded.from) / 1000)
        return [
          {
            label: `CPU of the app with ${SOURCES} sources at 1 Hz`,
            value: loaded.cpuPercent,
            unit: '% of a core',
            baselineLabel: 'same app idle, no sources',
            baselineValue: idle.cpuPercent,
            higherIsBetter: false,
          },
          {
            label: 'peak RSS of the app',
            value: loaded.rssMb,
            unit: 'MB',
            baselineLabel: 'same app idle, no sources',
            baselineValue: idle.rssMb,
            higherIsBetter: false,
          },
          {
            label: 'samples stored per second',
            value: stored,
            unit: 'samples/s',
            baselineLabel: `expected (${SOURCES} × ${METRICS_PER_POLL} metrics × 1 Hz)`,
            baselineValue: SOURCES * METRICS_PER_POLL,
            higherIsBetter: true,
          },
          {
            label: `frame gap p95, dashboard with ${SOURCES} live charts open`,
            value: withCharts,
            unit: 'ms',
            baselineLabel: 'same page, dashboard closed',
            baselineValue: withoutCharts,
            higherIsBetter: false,
          },
        ]
      })
    } finally {
      await api.stop()
    }
  },
}
