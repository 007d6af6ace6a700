// Parsers of the agentless host script, on real output captured from a Linux host (fixtures).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostSamples } from '../../../src/main/core/metrics/collectors/hostCollector'
import {
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
} from '../../../src/main/core/metrics/hostProc'

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8')

describe('host /proc parsers', () => {
  const one = splitSections(fixture('host-1.txt'))
  const two = splitSections(fixture('host-2.txt'))

  it('splits the script output into its sections', () => {
    expect([...one.keys()]).toEqual(['stat', 'meminfo', 'loadavg', 'df', 'netdev', 'tcp', 'end'])
  })

  it('reads CPU counters and turns two samples into a busy percentage', () => {
    const a = parseProcStat(one.get('stat') ?? '')
    const b = parseProcStat(two.get('stat') ?? '')
    // cpu  32373 133 5071 215398 486 0 102 45 0 0 → idle+iowait, total without guest
    expect(a).toEqual({ idle: 215398 + 486, total: 32373 + 133 + 5071 + 215398 + 486 + 102 + 45 })
    expect(b && b.total).toBeGreaterThan(a?.total ?? 0)
    const pct = cpuPercent(a!, b!)
    expect(pct).not.toBeNull()
    expect(pct!).toBeGreaterThanOrEqual(0)
    expect(pct!).toBeLessThanOrEqual(100)
    // Hand-made: 100 jiffies, 25 idle → 75 % busy; counters that went back → no reading.
    expect(cpuPercent({ idle: 100, total: 400 }, { idle: 125, total: 500 })).toBe(75)
    expect(cpuPercent({ idle: 100, total: 400 }, { idle: 10, total: 40 })).toBeNull()
    expect(parseProcStat('intr 1 2 3')).toBeNull()
  })

  it('reads memory from MemAvailable, and from free+buffers+cached on old kernels', () => {
    const m = parseMeminfo(one.get('meminfo') ?? '')
    expect(m?.totalBytes).toBe(24683656 * 1024)
    expect(m?.usedPercent).toBeCloseTo((100 * (24683656 - 24096852)) / 24683656, 6)
    expect(m?.swapUsedPercent).toBeNull()
    const old = parseMeminfo(
      'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\nSwapTotal: 200 kB\nSwapFree: 50 kB\n',
    )
    expect(old?.usedPercent).toBe(60)
    expect(old?.swapUsedPercent).toBe(75)
    expect(parseMeminfo('nonsense')).toBeNull()
  })

  it('reads the load average', () => {
    expect(parseLoadavg(one.get('loadavg') ?? '')).toEqual({
      load1: 2.45,
      load5: 1.34,
      load15: 0.6,
      running: 2,
      processes: 141,
    })
  })

  it('reads disk use per real file system, mount points with spaces included', () => {
    const disks = parseDf(one.get('df') ?? '')
    expect(disks.map((d) => d.mount)).toEqual(['/'])
    expect(disks[0]?.usedPercent).toBeCloseTo((100 * 24305532) / (24305532 + 82085380), 6)
    const spaced = parseDf(
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sdb1 1000 900 100 90% /mnt/My Data\n',
    )
    expect(spaced).toEqual([
      { mount: '/mnt/My Data', filesystem: '/dev/sdb1', sizeBytes: 1024000, usedPercent: 90 },
    ])
    expect(diskMetric('/')).toBe('disk.root.percent')
    expect(diskMetric('/mnt/My Data')).toBe('disk.mnt_My_Data.percent')
  })

  it('sums network bytes without loopback and turns them into rates', () => {
    const a = parseNetDev(one.get('netdev') ?? '')
    expect(a).toEqual({ rxBytes: 348972840, txBytes: 1070936 })
    const b = parseNetDev(two.get('netdev') ?? '')
    expect(b!.rxBytes).toBeGreaterThanOrEqual(a!.rxBytes)
    expect(netRates({ rxBytes: 0, txBytes: 0 }, { rxBytes: 2000, txBytes: 500 }, 2)).toEqual({
      rx: 1000,
      tx: 250,
    })
    // An interface restart resets its counters: no negative rate.
    expect(netRates({ rxBytes: 5000, txBytes: 0 }, { rxBytes: 10, txBytes: 0 }, 1)).toBeNull()
  })

  it('counts TCP connections by state', () => {
    expect(parseTcpStates(one.get('tcp') ?? '')).toEqual({ time_wait: 23, listen: 1 })
    expect(parseTcpStates('01 12\n0a 3\nzz 1\n')).toEqual({ established: 12, listen: 3 })
  })

  it('turns a script run into samples; rates only from the second run', () => {
    const first = hostSamples(fixture('host-1.txt'), null, 1_000)
    const names = first.samples.map((s) => s.metric)
    expect(names).toContain('mem.percent')
    expect(names).toContain('disk.root.percent')
    expect(names).toContain('tcp.established')
    expect(names).not.toContain('cpu.percent')
    const second = hostSamples(
      fixture('host-2.txt'),
      { cpu: first.cpu, net: first.net, at: 1_000 },
      2_000,
    )
    const cpu = second.samples.find((s) => s.metric === 'cpu.percent')
    expect(cpu?.value).toBeGreaterThanOrEqual(0)
    expect(second.samples.map((s) => s.metric)).toContain('net.rx_bytes_per_s')
  })

  it('refuses output that is not the script’s, quoting what came back', () => {
    expect(() => hostSamples('sh: 1: head: not found\n', null, 0)).toThrow(/did not return \/proc/)
  })
})
