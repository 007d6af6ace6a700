// Handlers of the metrics.* methods: sources, series for the charts, thresholds. One-line calls
// into the metrics domain's facade (metrics/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function metricsHandlers(core: Core): HandlersOf<'metrics'> {
  const m = () => core.metrics()
  return {
    'metrics.sources': () => m().list(),
    'metrics.saveSource': ({ source }) => m().save(source),
    'metrics.removeSource': ({ id }) => m().removeSource(id),
    'metrics.pollNow': ({ id }) => m().pollNow(id),
    'metrics.series': ({ sourceId, metric, from, to, maxPoints }) =>
      m().series(sourceId, metric, from, to, maxPoints),
    'metrics.metricNames': ({ sourceId }) => m().metricNames(sourceId),
    'metrics.logDetail': ({ sourceId }) => m().logDetail(sourceId),
    'metrics.around': (q) => m().around(q),
    'metrics.thresholds': () => m().thresholds(),
    'metrics.setThresholds': ({ thresholds }) => m().setThresholds(thresholds),
    'metrics.resetThresholds': () => m().resetThresholds(),
  }
}
