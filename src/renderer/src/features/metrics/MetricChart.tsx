// One metric of one source over the chosen window: stored samples downsampled in core to the
// chart's width in pixels (LTTB), refreshed as samples arrive, with the threshold bands behind.
import { memo, useEffect, useRef, useState } from 'react'
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { MetricPoint, MetricSeries } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useMetrics } from '../../stores/metricsStore'
import { reportError } from '../../stores/toastStore'
import { formatValue } from './format'

interface Props {
  sourceId: string
  metric: string
  windowMs: number
  height?: number
}

// One formatter for every tick and tooltip: toLocaleTimeString with options builds a new one per
// call, a few per axis on every redraw.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const time = (ms: number): string => timeFormat.format(ms)

/**
 * A chart re-reads at most every MIN_REFRESH_MS, or once per pixel of its window if that is
 * longer, only while on screen and only after its source sampled again: 50 charts each redrawn
 * on every sample starve the frame.
 */
const MIN_REFRESH_MS = 2_000

/** A chart the shared timer may ask to read again. */
interface Due {
  sourceId: string
  everyMs: number
  /** When it last read, and the source's last sample then. */
  readAt: number
  seenSample: number
  read(): void
}

/**
 * One timer for every chart on screen (not one interval each): each beat reads the chart that
 * waited longest of those due, so reads and redraws spread over frames one at a time instead of
 * landing together when sources are polled in step.
 */
const due = new Set<Due>()
const BEAT_MS = 100
let beat: ReturnType<typeof setInterval> | undefined

function pump(): void {
  const now = Date.now()
  const samples = new Map(
    useMetrics.getState().sources.map((s) => [s.config.id, s.status.lastSampleAt ?? 0]),
  )
  let next: Due | null = null
  for (const d of due) {
    const sample = samples.get(d.sourceId) ?? 0
    if (sample === d.seenSample || now - d.readAt < d.everyMs) continue
    if (!next || d.readAt < next.readAt) next = d
  }
  if (!next) return
  next.readAt = now
  next.seenSample = samples.get(next.sourceId) ?? 0
  next.read()
}

function schedule(d: Due): () => void {
  due.add(d)
  beat ??= setInterval(pump, BEAT_MS)
  return () => {
    due.delete(d)
    if (due.size === 0) {
      clearInterval(beat)
      beat = undefined
    }
  }
}

/** Same points (and threshold, and count) as before: nothing to redraw. */
function samePlot(a: MetricSeries | null, b: MetricSeries): boolean {
  if (!a || a.stored !== b.stored || a.points.length !== b.points.length) return false
  if (JSON.stringify(a.threshold) !== JSON.stringify(b.threshold)) return false
  for (let i = 0; i < a.points.length; i++) {
    const p = a.points[i] as MetricPoint
    const q = b.points[i] as MetricPoint
    if (p.at !== q.at || p.value !== q.value) return false
  }
  return true
}

export const MetricChart = memo(function MetricChart({
  sourceId,
  metric,
  windowMs,
  height = 160,
}: Props): React.JSX.Element {
  const t = useT()
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  /** The series on screen with the window's right edge when it was read (renders stay pure). */
  const [shown, setShown] = useState<{ series: MetricSeries; now: number } | null>(null)
  const [visible, setVisible] = useState(false)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)))
    ro.observe(el)
    setWidth(Math.floor(el.clientWidth))
    const io = new IntersectionObserver((entries) =>
      setVisible(entries.some((e) => e.isIntersecting)),
    )
    io.observe(el)
    return () => {
      ro.disconnect()
      io.disconnect()
    }
  }, [])

  useEffect(() => {
    if (width <= 0 || !visible) return
    let live = true
    const read = (): void => {
      const to = Date.now()
      // Never more points than the plot has pixels (the axis takes ~50 of them).
      const maxPoints = Math.max(10, width - 50)
      api
        .call('metrics.series', { sourceId, metric, from: to - windowMs, to, maxPoints })
        .then((s) => {
          if (!live) return
          // Unchanged points keep the drawing as it is (its axis too): no redraw.
          setShown((old) => (old && samePlot(old.series, s) ? old : { series: s, now: to }))
        })
        .catch((err: unknown) => reportError('action.failed.loadSeries', err))
    }
    // The first read at once; then the shared timer's, when the source has sampled again.
    read()
    const stop = schedule({
      sourceId,
      everyMs: Math.max(MIN_REFRESH_MS, windowMs / width),
      readAt: Date.now(),
      seenSample:
        useMetrics.getState().sources.find((x) => x.config.id === sourceId)?.status.lastSampleAt ??
        0,
      read,
    })
    return () => {
      live = false
      stop()
    }
  }, [sourceId, metric, windowMs, width, visible])

  const series = shown?.series ?? null
  const points = series?.points ?? []
  return (
    <div
      ref={box}
      className="metric-chart"
      data-testid="metric-chart"
      data-metric={metric}
      data-points={points.length}
      data-last-at={points[points.length - 1]?.at ?? 0}
    >
      {width > 0 && visible && series ? (
        <Plot
          series={series}
          now={shown?.now ?? 0}
          windowMs={windowMs}
          metric={metric}
          width={width}
          height={height}
        />
      ) : (
        // Out of view (or not read yet): an empty box of the plot's size, nothing drawn.
        <div className="metric-chart-blank" style={{ height }} />
      )}
      <div className="metric-chart-foot muted">
        {points.length === 0
          ? t('metrics.noData')
          : t('metrics.points', { shown: points.length, stored: series?.stored ?? 0 })}
      </div>
    </div>
  )
})

const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 }
const TOOLTIP_STYLE = {
  background: 'var(--panel-raised)',
  border: '1px solid var(--border-strong)',
}

/** The drawing itself: redrawn only when its series (or size, or window) changes. */
const Plot = memo(function Plot({
  series,
  now,
  windowMs,
  metric,
  width,
  height,
}: {
  series: MetricSeries
  now: number
  windowMs: number
  metric: string
  width: number
  height: number
}): React.JSX.Element {
  const th = series.threshold
  const points = series.points
  const values = points.map((p) => p.value)
  let top = values.length ? Math.max(...values) : 1
  let bottom = values.length ? Math.min(...values, 0) : 0
  if (th) {
    // Keep the warning line in view so the band means something even when all is calm.
    top =
      th.direction === 'above' ? Math.max(top, th.warning * 1.1) : Math.max(top, th.normal * 1.1)
    bottom = Math.min(bottom, th.critical)
  }
  if (top === bottom) top = bottom + 1
  return (
    <LineChart width={width} height={height} data={points} margin={MARGIN}>
      <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={[now - windowMs, now]}
        tickFormatter={time}
        stroke="var(--text-muted)"
        fontSize={10}
        minTickGap={40}
      />
      <YAxis
        domain={[bottom, top]}
        tickFormatter={(v: number) => formatValue(metric, v)}
        stroke="var(--text-muted)"
        fontSize={10}
        width={50}
        allowDataOverflow
      />
      {th && th.direction === 'above' ? (
        <>
          <ReferenceArea
            ifOverflow="hidden"
            y1={th.warning}
            y2={th.critical}
            className="band-warning"
            fill="var(--warn)"
            fillOpacity={0.1}
          />
          <ReferenceArea
            ifOverflow="hidden"
            y1={th.critical}
            y2={Math.max(top, th.critical)}
            className="band-critical"
            fill="var(--danger)"
            fillOpacity={0.14}
          />
          <ReferenceLine y={th.normal} stroke="var(--text-muted)" strokeDasharray="3 3" />
        </>
      ) : null}
      {th && th.direction === 'below' ? (
        <>
          <ReferenceArea
            ifOverflow="hidden"
            y1={th.critical}
            y2={th.warning}
            className="band-warning"
            fill="var(--warn)"
            fillOpacity={0.1}
          />
          <ReferenceArea
            ifOverflow="hidden"
            y1={Math.min(bottom, th.critical)}
            y2={th.critical}
            className="band-critical"
            fill="var(--danger)"
            fillOpacity={0.14}
          />
          <ReferenceLine y={th.normal} stroke="var(--text-muted)" strokeDasharray="3 3" />
        </>
      ) : null}
      <Tooltip
        labelFormatter={(v) => time(Number(v))}
        formatter={(v) => formatValue(metric, Number(v))}
        contentStyle={TOOLTIP_STYLE}
      />
      <Line
        type="linear"
        dataKey="value"
        name={metric}
        stroke="var(--link)"
        dot={false}
        isAnimationActive={false}
        strokeWidth={1.5}
      />
    </LineChart>
  )
})
