// Agentless host metrics: one shell script run over the pooled SSH connection prints /proc and
// df output in sections, and the pure functions here turn it into numbers. Rates (CPU, network)
// need two samples, so the collector keeps the previous counters and asks for deltas.

/** Runs on the host with POSIX sh; every section starts with a `@@name` line. */
export const HOST_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'echo @@stat; head -n 1 /proc/stat',
  'echo @@meminfo; cat /proc/meminfo',
  'echo @@loadavg; cat /proc/loadavg',
  'echo @@df; df -P -k 2>/dev/null',
  'echo @@netdev; cat /proc/net/dev',
  // State counts only: /proc/net/tcp of a busy server is megabytes, the counts are a few lines.
  "echo @@tcp; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk 'NR>0 && $4 ~ /^[0-9A-F][0-9A-F]$/ {c[$4]++} END {for (s in c) print s, c[s]}'",
  'echo @@end',
].join('\n')

export function splitSections(text: string): Map<string, string> {
  const out = new Map<string, string>()
  let current: string | null = null
  let lines: string[] = []
  for (const line of text.split('\n')) {
    const m = /^@@([a-z]+)\s*$/.exec(line)
    if (m) {
      if (current) out.set(current, lines.join('\n'))
      current = m[1] ?? null
      lines = []
    } else if (current) lines.push(line)
  }
  if (current) out.set(current, lines.join('\n'))
  return out
}

export interface CpuCounters {
  /** Jiffies spent idle (idle + iowait). */
  idle: number
  total: number
}

/** The aggregate `cpu` line of /proc/stat. */
export function parseProcStat(text: string): CpuCounters | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l))
  if (!line) return null
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null
  // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already
  // counted in user/nice, so it is left out of the total.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f
  return {
    idle: idle + iowait,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
  }
}

/** Busy share between two samples, in percent; null when the counters did not move or reset. */
export function cpuPercent(prev: CpuCounters, next: CpuCounters): number | null {
  const total = next.total - prev.total
  const idle = next.idle - prev.idle
  if (total <= 0 || idle < 0) return null
  return Math.min(100, Math.max(0, (100 * (total - idle)) / total))
}

export interface Memory {
  totalBytes: number
  availableBytes: number
  usedPercent: number
  swapUsedPercent: number | null
}

export function parseMeminfo(text: string): Memory | null {
  const kb = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?/.exec(line)
    if (m) kb.set(m[1] as string, Number(m[2]))
  }
  const total = kb.get('MemTotal')
  if (!total) return null
  // MemAvailable exists since Linux 3.14; older kernels: free + buffers + cached.
  const available =
    kb.get('MemAvailable') ??
    (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0)
  const swapTotal = kb.get('SwapTotal') ?? 0
  const swapFree = kb.get('SwapFree') ?? 0
  return {
    totalBytes: total * 1024,
    availableBytes: available * 1024,
    usedPercent: (100 * (total - available)) / total,
    swapUsedPercent: swapTotal > 0 ? (100 * (swapTotal - swapFree)) / swapTotal : null,
  }
}

export interface Load {
  load1: number
  load5: number
  load15: number
  running: number
  processes: number
}

export function parseLoadavg(text: string): Load | null {
  const m = /^([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)/.exec(text.trim())
  if (!m) return null
  return {
    load1: Number(m[1]),
    load5: Number(m[2]),
    load15: Number(m[3]),
    running: Number(m[4]),
    processes: Number(m[5]),
  }
}

export interface DiskUse {
  mount: string
  filesystem: string
  sizeBytes: number
  usedPercent: number
}

/** Pseudo file systems whose "use" says nothing about a full disk. */
const PSEUDO_FS = /^(tmpfs|devtmpfs|overlay|shm|udev|none|proc|sysfs|cgroup2?|efivarfs)$/

/** `df -P -k`: one line per file system (POSIX keeps long device names on one line). */
export function parseDf(text: string): DiskUse[] {
  const out: DiskUse[] = []
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    if (f.length < 6) continue
    const [filesystem = '', blocks, used, avail] = f
    // The mount point is the rest of the line: it may contain spaces.
    const mount = f.slice(5).join(' ')
    const size = Number(blocks)
    const usedK = Number(used)
    const availK = Number(avail)
    if (!Number.isFinite(size) || size <= 0 || PSEUDO_FS.test(filesystem)) continue
    // df's own rounding: used / (used + available), so reserved blocks count as unavailable.
    const denom = usedK + availK
    out.push({
      mount,
      filesystem,
      sizeBytes: size * 1024,
      usedPercent: denom > 0 ? (100 * usedK) / denom : 0,
    })
  }
  return out
}

export interface NetCounters {
  rxBytes: number
  txBytes: number
}

/** Sum over interfaces except loopback: traffic to the host's own services is not the network. */
export function parseNetDev(text: string, includeLoopback = false): NetCounters | null {
  let rx = 0
  let tx = 0
  let seen = false
  for (const line of text.split('\n')) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line)
    if (!m) continue
    if (m[1] === 'lo' && !includeLoopback) continue
    const f = (m[2] as string).trim().split(/\s+/).map(Number)
    if (f.length < 9) continue
    rx += f[0] ?? 0
    tx += f[8] ?? 0
    seen = true
  }
  return seen || includeLoopback ? { rxBytes: rx, txBytes: tx } : { rxBytes: 0, txBytes: 0 }
}

/** Bytes per second between two samples; null after a counter reset (interface restarted). */
export function netRates(
  prev: NetCounters,
  next: NetCounters,
  seconds: number,
): { rx: number; tx: number } | null {
  if (seconds <= 0 || next.rxBytes < prev.rxBytes || next.txBytes < prev.txBytes) return null
  return {
    rx: (next.rxBytes - prev.rxBytes) / seconds,
    tx: (next.txBytes - prev.txBytes) / seconds,
  }
}

const TCP_STATES: Record<string, string> = {
  '01': 'established',
  '02': 'syn_sent',
  '03': 'syn_recv',
  '04': 'fin_wait1',
  '05': 'fin_wait2',
  '06': 'time_wait',
  '07': 'close',
  '08': 'close_wait',
  '09': 'last_ack',
  '0A': 'listen',
  '0B': 'closing',
}

/** `STATE COUNT` lines (hex state as in /proc/net/tcp) → counts by state name. */
export function parseTcpStates(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const m = /^([0-9A-Fa-f]{2})\s+(\d+)$/.exec(line.trim())
    if (!m) continue
    const state = TCP_STATES[(m[1] as string).toUpperCase()]
    if (state) out[state] = (out[state] ?? 0) + Number(m[2])
  }
  return out
}

/** A metric name for a mount point: `disk./var/log.percent` would be ambiguous with dots. */
export function diskMetric(mount: string): string {
  return `disk.${mount === '/' ? 'root' : mount.replace(/^\//, '').replace(/[^A-Za-z0-9_-]+/g, '_')}.percent`
}
