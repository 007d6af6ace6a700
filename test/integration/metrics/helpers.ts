// Shared by the metrics integration tests: a Core on a temp data dir, a wait loop, and a real
// Prometheus scraping a real node_exporter.
import type { Core } from '../../../src/main/core/core'
import type { MetricSource } from '../../../src/shared/contract'
import {
  NODE_EXPORTER_PATH,
  PROMETHEUS_PATH,
  startNodeExporter,
  startPrometheus,
  type HttpService,
} from '../../helpers/services/prometheus'
import { requireBinaries } from '../../helpers/services/require'

export { startTestCore as startCore } from '../../helpers/core'
export { until } from '../../helpers/until'

export function latest(core: Core, sourceId: string, metric: string): number | undefined {
  const s: MetricSource = core.metrics().get(sourceId)
  return s.latest.find((v) => v.metric === metric)?.value
}

/** Why the Prometheus tests cannot run here, or undefined. */
export const prometheusMissing = requireBinaries([
  { name: 'prometheus', path: PROMETHEUS_PATH },
  { name: 'node_exporter', path: NODE_EXPORTER_PATH },
])

export interface ScrapedPrometheus {
  exporter: HttpService
  prom: HttpService
  stop(): Promise<void>
}

/** A real Prometheus scraping a real node_exporter every second. */
export async function startScrapedPrometheus(): Promise<ScrapedPrometheus> {
  const exporter = await startNodeExporter()
  const prom = await startPrometheus({
    scrapeTargets: [`127.0.0.1:${exporter.port}`],
    scrapeIntervalSeconds: 1,
  })
  return {
    exporter,
    prom,
    async stop() {
      await prom.stop()
      await exporter.stop()
    },
  }
}
