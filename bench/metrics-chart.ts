// Chart render time with 100 000 stored points: the dashboard's recharts LineChart drawn with
// every point vs. with the LTTB downsample to its width (what the app draws), in Debian Chromium;
// and, in core, metrics.series over the 100k stored samples (read + LTTB) vs. a bare SELECT.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium } from '@playwright/test'
import { build } from 'vite'
import { MetricsDomain } from '../src/main/core/metrics/domain'
import { DataDir } from '../src/main/core/store/store'
import { type Benchmark, type Figure, median, withTempDir } from './harness'
import { CHROMIUM_ARGS } from '../test/helpers/chromium'

const POINTS = 100_000
const RUNS = 5

async function pageScript(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry: 'bench/metrics-chart-page.ts', formats: ['iife'], name: 'sitrepChartBench' },
    },
  })
  const result = Array.isArray(out) ? out[0] : out
  if (!result || !('output' in result)) throw new Error('vite returned no bundle')
  const chunk = result.output.find((o) => o.type === 'chunk')
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite returned no script chunk')
  return chunk.code
}

/** metrics.series over 100k stored samples (read + LTTB to 750) vs. a bare SELECT of them. */
function coreSeries(dir: string): { ours: number[]; bare: number[] } {
  const data = new DataDir(dir)
  data.open()
  const store = data.require()
  const domain = new MetricsDomain({
    store,
    ssh: null,
    now: Date.now,
    openIncidents: () => [],
    onSample: () => undefined,
    onSource: () => undefined,
    onThreshold: () => undefined,
  })
  const t0 = Date.now() - POINTS * 1000
  const rows = Array.from({ length: POINTS }, (_, i) => ({
    sourceId: 'api',
    metric: 'http.latency_ms',
    at: t0 + i * 1000,
    value: 300 + 200 * Math.sin(i / 900),
  }))
  for (let i = 0; i < rows.length; i += 2000) domain.samples.add(rows.slice(i, i + 2000))
  domain.samples.flush()
  const db = new Database(join(dir, 'sitrep.db'), { readonly: true })
  const select = db.prepare(
    'SELECT at, value FROM metric_samples WHERE source_id = ? AND metric = ? AND at BETWEEN ? AND ? ORDER BY at',
  )
  const ours: number[] = []
  const bare: number[] = []
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now()
    const s = domain.series('api', 'http.latency_ms', t0, Date.now(), 750)
    ours.push(performance.now() - t)
    if (s.stored !== POINTS || s.points.length !== 750) throw new Error('series shape')
    t = performance.now()
    select.all('api', 'http.latency_ms', t0, Date.now())
    bare.push(performance.now() - t)
  }
  db.close()
  domain.close()
  data.close()
  return { ours, bare }
}

export const metricsChart: Benchmark = {
  name: 'metrics-chart',
  description: `One metric with ${POINTS} stored samples. In Debian Chromium (software rendering), the dashboard's recharts LineChart (800×160, grid, axes, two threshold bands, one line) rendered and painted with all ${POINTS} points vs. with the LTTB downsample to the plot's 750 px (downsampling included in the time). In core, metrics.series over the ${POINTS} stored samples (SQLite read + LTTB to 750 points) vs. a bare SELECT of the same rows. Median of ${RUNS} runs.`,
  howToRead:
    'Lower is better. The full render is what a chart without downsampling would cost on every refresh; the downsampled render is what the dashboard pays per chart. The core figure is the read the renderer waits for.',
  async run(): Promise<Figure[]> {
    const script = await pageScript()
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS],
    })
    const full: number[] = []
    const down: number[] = []
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
      await page.setContent('<!doctype html><html><body></body></html>')
      await page.addScriptTag({ content: script })
      // One warm-up of each so JIT and font loading do not land on the first measured run.
      await page.evaluate(`window.benchChart(${POINTS}, true)`)
      await page.evaluate(`window.benchChart(${POINTS}, false)`)
      for (let r = 0; r < RUNS; r++) {
        down.push(await page.evaluate<number>(`window.benchChart(${POINTS}, true)`))
        full.push(await page.evaluate<number>(`window.benchChart(${POINTS}, false)`))
      }
    } finally {
      await browser.close()
    }
    const core = withTempDir((dir) => coreSeries(dir))
    return [
      {
        label: `chart render with LTTB (${POINTS} → 750 points)`,
        value: median(down),
        unit: 'ms',
        baselineLabel: `same chart with all ${POINTS} points`,
        baselineValue: median(full),
        higherIsBetter: false,
        samples: down,
        baselineSamples: full,
      },
      {
        label: `metrics.series in core (${POINTS} stored → 750 points)`,
        value: median(core.ours),
        unit: 'ms',
        baselineLabel: `bare SELECT of the ${POINTS} rows`,
        baselineValue: median(core.bare),
        higherIsBetter: false,
        samples: core.ours,
        baselineSamples: core.bare,
      },
    ]
  },
}
