// Metric charts as inline SVG for the HTML export: one small line chart per metric series in the
// incident's window, with vertical markers at key events (declared, status changes, pinned).
// Pure string building: no script, no external reference, so the file stays self-contained.
import type { MetricSample } from './exportData'

export interface Marker {
  at: number
  label: string
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** At most this many points per series: beyond it a chart shows nothing more to the eye. */
const MAX_POINTS = 400

function thin(points: MetricSample[]): MetricSample[] {
  if (points.length <= MAX_POINTS) return points
  const step = points.length / MAX_POINTS
  const out: MetricSample[] = []
  for (let i = 0; i < MAX_POINTS; i++) out.push(points[Math.floor(i * step)] as MetricSample)
  out.push(points[points.length - 1] as MetricSample)
  return out
}

export function seriesOf(samples: readonly MetricSample[]): Map<string, MetricSample[]> {
  const series = new Map<string, MetricSample[]>()
  for (const s of samples) {
    const key = `${s.sourceId} · ${s.metric}`
    let list = series.get(key)
    if (!list) series.set(key, (list = []))
    list.push(s)
  }
  return series
}

export function chartSvg(
  name: string,
  points: MetricSample[],
  markers: readonly Marker[],
  window: { from: number; to: number },
): string {
  const W = 640
  const H = 160
  const pad = { l: 48, r: 8, t: 20, b: 20 }
  const pts = thin(points)
  const values = pts.map((p) => p.value)
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  if (hi === lo) {
    hi += 1
    lo -= 1
  }
  const span = Math.max(1, window.to - window.from)
  const x = (at: number): number => pad.l + ((at - window.from) / span) * (W - pad.l - pad.r)
  const y = (v: number): number => pad.t + (1 - (v - lo) / (hi - lo)) * (H - pad.t - pad.b)
  const path = pts
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ')
  const marks = markers
    .filter((m) => m.at >= window.from && m.at <= window.to)
    .map(
      (m) =>
        `<line class="mark" x1="${x(m.at).toFixed(1)}" x2="${x(m.at).toFixed(1)}" y1="${pad.t}" y2="${H - pad.b}"><title>${esc(m.label)}</title></line>`,
    )
    .join('')
  const fmt = (v: number): string =>
    Math.abs(v) >= 1000 ? v.toExponential(2) : String(+v.toFixed(2))
  return (
    `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(name)}">` +
    `<text x="${pad.l}" y="14" class="title">${esc(name)}</text>` +
    `<text x="${pad.l - 4}" y="${pad.t + 8}" class="axis" text-anchor="end">${fmt(hi)}</text>` +
    `<text x="${pad.l - 4}" y="${H - pad.b}" class="axis" text-anchor="end">${fmt(lo)}</text>` +
    `<rect x="${pad.l}" y="${pad.t}" width="${W - pad.l - pad.r}" height="${H - pad.t - pad.b}" class="frame"/>` +
    marks +
    `<path d="${path}" class="line"/></svg></figure>`
  )
}
