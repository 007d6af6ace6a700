// How metric values read wherever they are shown (dashboard, alerts, timeline, exports): units
// from the metric's name (…_ms, …percent, …bytes), short numbers.

function short(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 100) return n.toFixed(0)
  if (abs >= 10) return n.toFixed(1)
  return String(Math.round(n * 100) / 100)
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${short(v)} ${units[i]}`
}

export function formatValue(metric: string, value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (metric.endsWith('_ms'))
    return value >= 1000 ? `${short(value / 1000)} s` : `${short(value)} ms`
  if (metric.endsWith('percent')) return `${short(value)} %`
  if (metric.endsWith('bytes_per_s')) return `${bytes(value)}/s`
  if (metric.endsWith('bytes')) return bytes(value)
  if (metric.endsWith('_s')) return `${short(value)} s`
  return short(value)
}
