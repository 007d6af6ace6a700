// Host metrics over the target's pooled SSH connection: one exec per poll of a short script
// (hostProc.ts), no agent and no new login. CPU and network are rates, so the first poll only
// primes the counters.
import {
  HOST_SCRIPT,
  cpuPercent,
  diskMetric,
  netRates,
  parseDf,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseTcpStates,
  splitSections,
  type CpuCounters,
  type NetCounters,
} from '../hostProc'
import {
  MetricSourceError,
  type Collector,
  type PollContext,
  type Sample,
  type SshAccess,
} from '../collector'

/** Parses one script run; `prev` carries the counters of the last run for the rates. */
export function hostSamples(
  output: string,
  prev: { cpu: CpuCounters | null; net: NetCounters | null; at: number } | null,
  at: number,
): { samples: Sample[]; cpu: CpuCounters | null; net: NetCounters | null } {
  const s = splitSections(output)
  if (!s.has('stat') || !s.has('end')) {
    throw new MetricSourceError(
      'The host did not return /proc readings (is it Linux with a POSIX shell?). Output began: ' +
        JSON.stringify(output.slice(0, 120)),
    )
  }
  const samples: Sample[] = []
  const cpu = parseProcStat(s.get('stat') ?? '')
  if (cpu && prev?.cpu) {
    const pct = cpuPercent(prev.cpu, cpu)
    if (pct !== null) samples.push({ metric: 'cpu.percent', value: pct })
  }
  const mem = parseMeminfo(s.get('meminfo') ?? '')
  if (mem) {
    samples.push({ metric: 'mem.percent', value: mem.usedPercent })
    samples.push({ metric: 'mem.available_bytes', value: mem.availableBytes })
    if (mem.swapUsedPercent !== null)
      samples.push({ metric: 'swap.percent', value: mem.swapUsedPercent })
  }
  const load = parseLoadavg(s.get('loadavg') ?? '')
  if (load) {
    samples.push({ metric: 'load.1', value: load.load1 })
    samples.push({ metric: 'load.5', value: load.load5 })
    samples.push({ metric: 'load.15', value: load.load15 })
  }
  for (const d of parseDf(s.get('df') ?? '')) {
    samples.push({ metric: diskMetric(d.mount), value: d.usedPercent })
  }
  const net = parseNetDev(s.get('netdev') ?? '')
  if (net && prev?.net) {
    const rates = netRates(prev.net, net, (at - prev.at) / 1000)
    if (rates) {
      samples.push({ metric: 'net.rx_bytes_per_s', value: rates.rx })
      samples.push({ metric: 'net.tx_bytes_per_s', value: rates.tx })
    }
  }
  const tcp = parseTcpStates(s.get('tcp') ?? '')
  samples.push({ metric: 'tcp.established', value: tcp.established ?? 0 })
  samples.push({ metric: 'tcp.time_wait', value: tcp.time_wait ?? 0 })
  return { samples, cpu, net }
}

export class HostCollector implements Collector {
  private prev: { cpu: CpuCounters | null; net: NetCounters | null; at: number } | null = null

  constructor(
    private readonly ssh: SshAccess,
    private readonly targetId: string,
  ) {}

  async poll(ctx: PollContext): Promise<Sample[]> {
    const res = await this.ssh.exec(this.targetId, HOST_SCRIPT, {
      // Stop the script just before the runner gives up on the poll, so the error is the pool's,
      // which can say why (a slow login shell on the host) instead of a bare "no answer".
      timeoutMs: Math.max(500, ctx.timeoutMs - 250),
      maxBytes: 256 * 1024,
      signal: ctx.signal,
    })
    if (res.exitCode !== 0 && !res.stdout.includes('@@end')) {
      throw new MetricSourceError(
        `The metrics script failed on the host (exit ${res.exitCode ?? res.signal}): ${res.stderr.trim().slice(0, 300)}`,
      )
    }
    const at = ctx.now()
    const { samples, cpu, net } = hostSamples(res.stdout, this.prev, at)
    this.prev = { cpu, net, at }
    return samples
  }

  close(): void {
    // The pooled connection belongs to the pool; nothing to release here.
  }
}
