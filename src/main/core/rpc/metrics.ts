// Handlers of the metrics.* contract methods: sources, series for the charts, thresholds.
import type { MetricsMethodResults } from '../../../shared/contract'
import type { Core } from '../core'
import type { Handlers } from './handlerTypes'

export function metricsHandlers(core: Core): Pick<Handlers, keyof MetricsMethodResults> {
  return {
    'metrics.sources': () => core.metrics().list(),
    'metrics.saveSource': ({ source }) => core.metrics().save(source),
    'metrics.removeSource': async ({ id }) => ({ removed: await core.metrics().remove(id) }),
    'metrics.pollNow': ({ id }) => core.metrics().pollNow(id),
    'metrics.series': ({ sourceId, metric, from, to, maxPoints }) =>
      core.metrics().series(sourceId, metric, from, to, maxPoints),
    'metrics.metricNames': ({ sourceId }) => core.metrics().metricNames(sourceId),
    'metrics.around': (q) => core.metrics().around(q),
    'metrics.thresholds': () => core.metrics().thresholds(),
    'metrics.setThresholds': ({ thresholds }) => core.metrics().setThresholds(thresholds),
    'metrics.resetThresholds': () => core.metrics().resetThresholds(),
  }
}
