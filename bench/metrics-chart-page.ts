// The page side of bench/metrics-chart.ts, bundled by Vite into one script: renders the same
// recharts LineChart the dashboard draws (grid, axes, threshold bands, one line) with either
// every stored point or the LTTB downsample to the plot's width, and times it until painted.
import { createElement as h } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { CartesianGrid, Line, LineChart, ReferenceArea, XAxis, YAxis } from 'recharts'
import type { MetricPoint } from '../src/shared/contract'
import { lttb } from '../src/main/core/metrics/lttb'

const WIDTH = 800
const HEIGHT = 160

function series(n: number): MetricPoint[] {
  const t0 = Date.UTC(2026, 0, 1)
  return Array.from({ length: n }, (_, i) => ({
    at: t0 + i * 1000,
    value: 300 + 200 * Math.sin(i / 900) + ((i * 7919) % 97) + (i % 5000 === 0 ? 2500 : 0),
  }))
}

async function render(n: number, downsample: boolean): Promise<number> {
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  const points = series(n)
  const start = performance.now()
  const shown = downsample ? lttb(points, WIDTH - 50) : points
  flushSync(() =>
    root.render(
      h(
        LineChart,
        { width: WIDTH, height: HEIGHT, data: shown },
        h(CartesianGrid, { strokeDasharray: '2 4' }),
        h(XAxis, { dataKey: 'at', type: 'number', scale: 'time', domain: ['dataMin', 'dataMax'] }),
        h(YAxis, { width: 50 }),
        h(ReferenceArea, { y1: 1000, y2: 3000, ifOverflow: 'hidden', fillOpacity: 0.1 }),
        h(ReferenceArea, { y1: 3000, y2: 4000, ifOverflow: 'hidden', fillOpacity: 0.14 }),
        h(Line, { type: 'linear', dataKey: 'value', dot: false, isAnimationActive: false }),
      ),
    ),
  )
  // Two frames: the first after layout, the second once that frame was painted.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  const ms = performance.now() - start
  const drawn = host.querySelector('.recharts-line-curve') !== null
  root.unmount()
  host.remove()
  if (!drawn) throw new Error('the chart drew no line')
  return ms
}

;(window as unknown as { benchChart: typeof render }).benchChart = render
