// Shared by the metrics integration tests: a Core on a temp data dir and a wait loop.
import type { Core } from '../../../src/main/core/core'
import type { MetricSource } from '../../../src/shared/contract'

export { startTestCore as startCore } from '../../helpers/core'
export { until } from '../../helpers/until'

export function latest(core: Core, sourceId: string, metric: string): number | undefined {
  const s: MetricSource = core.metrics().get(sourceId)
  return s.latest.find((v) => v.metric === metric)?.value
}
