// A tiny line of recent values: plain SVG, no chart library, cheap enough for every pane bar.
import type { MetricPoint } from '../../../shared/contract'

interface Props {
  points: readonly MetricPoint[]
  width: number
  height: number
  /** Fixed scale (e.g. 0–100 for percentages); default: the points' own range. */
  min?: number
  max?: number
  className?: string
  label?: string
}

export function Sparkline({
  points,
  width,
  height,
  min,
  max,
  className,
  label,
}: Props): React.JSX.Element {
  const values = points.map((p) => p.value)
  const lo = min ?? Math.min(...values)
  const hi = max ?? Math.max(...values)
  const span = hi - lo || 1
  const first = points[0]?.at ?? 0
  const last = points[points.length - 1]?.at ?? 1
  const dt = last - first || 1
  const d = points
    .map((p, i) => {
      const x = ((p.at - first) / dt) * (width - 2) + 1
      const y = height - 1 - ((Math.min(hi, Math.max(lo, p.value)) - lo) / span) * (height - 2)
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
  return (
    <svg
      className={`sparkline ${className ?? ''}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid="sparkline"
    >
      <path d={d} fill="none" strokeWidth={1.2} />
    </svg>
  )
}
