// Shared by the metrics integration tests: a Core on a temp data dir and a wait loop.
import type { Core } from '../../../src/main/core/core'
import type { MetricSource } from '../../../src/shared/contract'

export { startTestCore as startCore } from '../../helpers/core'

export async function until<T>(
  probe: () => T | undefined | null | false,
  what: string,
  ms = 15_000,
): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export function latest(core: Core, sourceId: string, metric: string): number | undefined {
  const s: MetricSource = core.metrics().get(sourceId)
  return s.latest.find((v) => v.metric === metric)?.value
}
