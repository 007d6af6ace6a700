// Metric sources with their state and latest values, fed by 'metrics.sources' and the
// 'metrics.source' / 'metrics.sample' / 'metrics.threshold' streams; a short live history per
// metric for sparklines; the threshold alerts the responder has not dismissed; dashboard state.
import { create } from 'zustand'
import type { MetricPoint, MetricSource, ThresholdCrossing } from '../../../shared/contract'
import { api } from '../api'
import { reportError } from './toastStore'

/** Live points kept per metric for sparklines (about two minutes at one sample a second). */
const SPARK_POINTS = 120
const MAX_ALERTS = 20

export const WINDOWS = [
  { key: 'metrics.window.5m', ms: 5 * 60_000 },
  { key: 'metrics.window.15m', ms: 15 * 60_000 },
  { key: 'metrics.window.1h', ms: 3_600_000 },
  { key: 'metrics.window.6h', ms: 6 * 3_600_000 },
  { key: 'metrics.window.24h', ms: 24 * 3_600_000 },
] as const

export interface Alert extends ThresholdCrossing {
  key: number
}

interface MetricsState {
  sources: MetricSource[]
  loaded: boolean
  /** `${sourceId} ${metric}` → recent points, oldest first. */
  spark: Record<string, MetricPoint[]>
  alerts: Alert[]
  dashboardOpen: boolean
  windowMs: number
  load(): Promise<void>
  setDashboardOpen(open: boolean): void
  setWindow(ms: number): void
  dismissAlert(key: number): void
  clearAlerts(): void
}

let alertKey = 1

export const useMetrics = create<MetricsState>()((set, get) => ({
  sources: [],
  loaded: false,
  spark: {},
  alerts: [],
  dashboardOpen: false,
  windowMs: 15 * 60_000,
  async load() {
    try {
      set({ sources: await api.call('metrics.sources', {}), loaded: true })
    } catch (err) {
      reportError('action.failed.loadMetrics', err)
    }
  },
  setDashboardOpen(dashboardOpen) {
    set({ dashboardOpen })
  },
  setWindow(windowMs) {
    set({ windowMs })
  },
  dismissAlert(key) {
    set({ alerts: get().alerts.filter((a) => a.key !== key) })
  },
  clearAlerts() {
    set({ alerts: [] })
  },
}))

export const sparkKey = (sourceId: string, metric: string): string => `${sourceId} ${metric}`

let listening = false

/** Subscribes to the metric streams once per page (the strip mounts when the store is ready). */
export function listenToMetrics(): void {
  if (listening) return
  listening = true
  api.on('metrics.source', ({ id, source }) => {
    const rest = useMetrics.getState().sources.filter((s) => s.config.id !== id)
    if (!source) {
      useMetrics.setState({ sources: rest })
      return
    }
    const old = useMetrics.getState().sources
    const at = old.findIndex((s) => s.config.id === id)
    const next = [...old]
    if (at >= 0) next[at] = source
    else next.push(source)
    useMetrics.setState({ sources: next })
  })
  api.on('metrics.sample', (e) => {
    const state = useMetrics.getState()
    const spark = { ...state.spark }
    for (const v of e.values) {
      const key = sparkKey(e.sourceId, v.metric)
      const list = spark[key] ?? []
      // The event repeats a metric's latest value until a new one comes: keep each point once.
      if (list.length > 0 && (list[list.length - 1] as MetricPoint).at >= v.at) continue
      spark[key] = [...list, { at: v.at, value: v.value }].slice(-SPARK_POINTS)
    }
    // Sample events carry the fresh values; the source's state comes only when it changes.
    const sources = state.sources.map((s) =>
      s.config.id === e.sourceId
        ? { ...s, latest: e.values, status: { ...s.status, lastSampleAt: e.at } }
        : s,
    )
    useMetrics.setState({ spark, sources })
  })
  api.on('metrics.threshold', (c) => {
    const alerts = [{ ...c, key: alertKey++ }, ...useMetrics.getState().alerts].slice(0, MAX_ALERTS)
    useMetrics.setState({ alerts })
  })
}
