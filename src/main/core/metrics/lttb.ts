// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the points that shape a
// line chart (peaks, dips, steps), so a chart never draws more points than it has pixels and a
// short spike in 100k samples still shows.
import type { MetricPoint } from '../../../shared/contract'

export function lttb(points: readonly MetricPoint[], threshold: number): MetricPoint[] {
  const n = points.length
  if (threshold >= n || threshold < 3) return points.slice()
  const out: MetricPoint[] = [points[0] as MetricPoint]
  // The first and last points are kept; the rest is split into threshold - 2 buckets.
  const every = (n - 2) / (threshold - 2)
  let a = 0
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n)
    let avgX = 0
    let avgY = 0
    for (let j = nextStart; j < nextEnd; j++) {
      const p = points[j] as MetricPoint
      avgX += p.at
      avgY += p.value
    }
    const len = Math.max(1, nextEnd - nextStart)
    avgX /= len
    avgY /= len

    const start = Math.floor(i * every) + 1
    const end = Math.floor((i + 1) * every) + 1
    const pa = points[a] as MetricPoint
    let maxArea = -1
    let chosen = start
    for (let j = start; j < end; j++) {
      const p = points[j] as MetricPoint
      const area = Math.abs(
        (pa.at - avgX) * (p.value - pa.value) - (pa.at - p.at) * (avgY - pa.value),
      )
      if (area > maxArea) {
        maxArea = area
        chosen = j
      }
    }
    out.push(points[chosen] as MetricPoint)
    a = chosen
  }
  out.push(points[n - 1] as MetricPoint)
  return out
}
