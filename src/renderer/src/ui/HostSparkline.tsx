// CPU and memory of an SSH pane's host, in its pane bar, when a host metrics source watches the
// pane's target (the session says which target it was opened on).
import type { SessionInfo } from '../../../shared/contract'
import { useT } from '../i18n/useT'
import { sparkKey, useMetrics } from '../stores/metricsStore'
import { useTargets } from '../stores/targetsStore'
import { formatValue } from '../../../shared/metricFormat'
import { Sparkline } from './Sparkline'

export function HostSparkline({ info }: { info: SessionInfo }): React.JSX.Element | null {
  const t = useT()
  const target = useTargets((s) =>
    info.kind === 'ssh' && info.targetId
      ? s.targets.find((x) => x.id === info.targetId)
      : undefined,
  )
  const source = useMetrics((s) =>
    target
      ? s.sources.find((x) => x.config.kind === 'host' && x.config.targetId === target.id)
      : undefined,
  )
  const cpu = useMetrics((s) =>
    source ? s.spark[sparkKey(source.config.id, 'cpu.percent')] : undefined,
  )
  const mem = useMetrics((s) =>
    source ? s.spark[sparkKey(source.config.id, 'mem.percent')] : undefined,
  )
  if (!target || !source) return null
  const level = (m: string): string => source.latest.find((v) => v.metric === m)?.level ?? 'none'
  const now = (list: typeof cpu): string =>
    list && list.length > 0 ? formatValue('percent', list[list.length - 1]!.value) : '—'
  return (
    <span
      className="host-spark"
      data-testid="pane-sparkline"
      title={t('metrics.spark.tooltip', { target: target.name, cpu: now(cpu), mem: now(mem) })}
    >
      {cpu && cpu.length > 1 ? (
        <Sparkline
          points={cpu.slice(-40)}
          width={40}
          height={14}
          min={0}
          max={100}
          className={`spark-cpu level-${level('cpu.percent')}`}
        />
      ) : null}
      {mem && mem.length > 1 ? (
        <Sparkline
          points={mem.slice(-40)}
          width={40}
          height={14}
          min={0}
          max={100}
          className={`spark-mem level-${level('mem.percent')}`}
        />
      ) : null}
    </span>
  )
}
