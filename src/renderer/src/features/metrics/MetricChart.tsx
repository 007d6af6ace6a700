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
import type { MetricSeries } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { reportError } from '../../stores/toastStore'
import { formatValue } from './format'

interface Props {
  sourceId: string
  metric: string
  windowMs: number
  /** Bumped when a new sample arrived: time to read again. */
  tick: number
  height?: number
}

const time = (ms: number): string =>
  new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })

/**
 * A chart re-reads at most every MIN_REFRESH_MS, or once per pixel of its window if that is
 * longer, and only while on screen: 50 charts each redrawn on every sample starve the frame.
 */
const MIN_REFRESH_MS = 2_000

export const MetricChart = memo(function MetricChart({
  sourceId,
  metric,
  windowMs,
  tick,
  height = 160,
}: Props): React.JSX.Element {
  const t = useT()
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const [series, setSeries] = useState<MetricSeries | null>(null)
  /** The window's right edge: the time of the last read, so renders stay pure. */
  const [now, setNow] = useState(0)

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

  const refreshMs = Math.max(MIN_REFRESH_MS, width > 0 ? windowMs / width : MIN_REFRESH_MS)
  const [refresh, setRefresh] = useState(0)
  const lastTick = useRef(tick)
  useEffect(() => {
    lastTick.current = tick
  }, [tick])
  // Each chart on its own timer with a random phase: sources polled in step would otherwise
  // make every chart read and redraw in the same frame.
  useEffect(() => {
    if (!visible) return
    let seen = -1
    let every: ReturnType<typeof setInterval> | undefined
    const check = (): void => {
      if (lastTick.current === seen) return
      seen = lastTick.current
      setRefresh((r) => r + 1)
    }
    const first = setTimeout(() => {
      check()
      every = setInterval(check, refreshMs)
    }, Math.random() * refreshMs)
    return () => {
      clearTimeout(first)
      clearInterval(every)
    }
  }, [visible, refreshMs])

  useEffect(() => {
    if (width <= 0 || !visible) return
    let live = true
    const to = Date.now()
    // Never more points than the plot has pixels (the axis takes ~50 of them).
    const maxPoints = Math.max(10, width - 50)
    api
      .call('metrics.series', { sourceId, metric, from: to - windowMs, to, maxPoints })
      .then((s) => {
        if (!live) return
        setSeries(s)
        setNow(to)
      })
      .catch((err: unknown) => reportError('action.failed.loadSeries', err))
    return () => {
      live = false
    }
  }, [sourceId, metric, windowMs, refresh, width, visible])

  const th = series?.threshold ?? null
  const points = series?.points ?? []
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
    <div
      ref={box}
      className="metric-chart"
      data-testid="metric-chart"
      data-metric={metric}
      data-points={points.length}
      data-last-at={points[points.length - 1]?.at ?? 0}
    >
      {width > 0 ? (
        <LineChart
          width={width}
          height={height}
          data={points}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        >
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
            contentStyle={{
              background: 'var(--panel-raised)',
              border: '1px solid var(--border-strong)',
            }}
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
      ) : null}
      <div className="metric-chart-foot muted">
        {points.length === 0
          ? t('metrics.noData')
          : t('metrics.points', { shown: points.length, stored: series?.stored ?? 0 })}
      </div>
    </div>
  )
})
