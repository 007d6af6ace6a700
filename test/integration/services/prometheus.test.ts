// The Prometheus harness against real Prometheus and node_exporter: the target comes up, rates
// appear after a few scrapes, and stop() leaves nothing behind.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { isAlive, processTree } from '../../helpers/services/processes'
import {
  NODE_EXPORTER_PATH,
  PROMETHEUS_PATH,
  startNodeExporter,
  startPrometheus,
  type HttpService,
} from '../../helpers/services/prometheus'
import { describeWithBinaries } from '../../helpers/services/require'

interface VectorSample {
  metric: Record<string, string>
  value: [number, string]
}

interface QueryResponse {
  status: string
  data: { resultType: string; result: VectorSample[] }
}

async function instantQuery(prom: HttpService, query: string): Promise<VectorSample[]> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(query)}`)
  expect(res.status).toBe(200)
  const body = (await res.json()) as QueryResponse
  expect(body.status).toBe('success')
  expect(body.data.resultType).toBe('vector')
  return body.data.result
}

/** Polls until `pick` returns something, failing with the last result after `timeoutMs`. */
async function eventually<T>(
  what: string,
  poll: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    const got = await poll().catch((e: unknown) => {
      last = e
      return undefined
    })
    if (got !== undefined) return got
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms (${String(last)})`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

// Remote addresses as /proc/net prints them: 127.0.0.1, ::1, ::ffff:127.0.0.1, and the
// all-zero address of listening sockets.
const LOOPBACK_OR_ANY = new Set([
  '0100007F',
  '00000000',
  '00000000000000000000000001000000',
  '0000000000000000FFFF00000100007F',
  '00000000000000000000000000000000',
])

/** Remote addresses of every TCP/UDP socket the process holds. */
function socketPeers(pid: number): string[] {
  const inodes = new Set<string>()
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (m?.[1]) inodes.add(m[1])
    } catch {
      // fd closed meanwhile
    }
  }
  const peers: string[] = []
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1)
    for (const line of lines) {
      const cols = line.trim().split(/\s+/)
      const remote = cols[2]?.split(':')[0]
      if (remote && inodes.has(cols[9] ?? '')) peers.push(remote)
    }
  }
  return peers
}

describeWithBinaries(
  'prometheus harness (real Prometheus + node_exporter)',
  [
    { name: 'prometheus', path: PROMETHEUS_PATH },
    { name: 'prometheus-node-exporter', path: NODE_EXPORTER_PATH },
  ],
  () => {
    let exporter: HttpService
    let prom: HttpService
    beforeAll(async () => {
      exporter = await startNodeExporter()
      prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${exporter.port}`] })
    })
    afterAll(async () => {
      await Promise.all([prom?.stop(), exporter?.stop()])
    })

    it('node_exporter serves CPU metrics on /metrics', async () => {
      const text = await (await fetch(`${exporter.url}/metrics`)).text()
      expect(text).toMatch(/^node_cpu_seconds_total\{cpu="0",mode="idle"\} [0-9.e+]+$/m)
    })

    it('reports the node target up (value "1") within 30 s', async () => {
      const sample = await eventually('up == 1 for the node target', async () => {
        const result = await instantQuery(prom, 'up')
        return result.find(
          (s) => s.metric.instance === `127.0.0.1:${exporter.port}` && s.value[1] === '1',
        )
      })
      expect(sample.metric.job).toBe('node')
    })

    it('computes a CPU rate once a few scrapes are in', async () => {
      const result = await eventually('rate(node_cpu_seconds_total[30s])', async () => {
        const r = await instantQuery(prom, 'rate(node_cpu_seconds_total[30s])')
        return r.length > 0 ? r : undefined
      })
      const idle = result.filter((s) => s.metric.mode === 'idle')
      expect(idle.length).toBeGreaterThan(0)
      for (const s of idle) {
        const v = Number(s.value[1])
        // Seconds of idle per second, per CPU: between 0 and 1 (with scrape jitter headroom).
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThan(1.5)
      }
    })

    it('talks to nothing but loopback', async () => {
      // Let it run a few scrape and housekeeping cycles first.
      await new Promise((r) => setTimeout(r, 1_500))
      const peers = socketPeers(prom.pid ?? -1)
      expect(peers.length).toBeGreaterThan(0) // at least its listener and the scrape connection
      expect(peers.filter((p) => !LOOPBACK_OR_ANY.has(p))).toEqual([])
      // Its own counters agree: no alertmanager, no remote write queue.
      const own = await (await fetch(`${prom.url}/metrics`)).text()
      expect(own).toMatch(/^prometheus_notifications_alertmanagers_discovered 0$/m)
      expect(own).not.toMatch(/^prometheus_remote_storage_shards\{/m)
    })

    it('stop() ends both daemons, frees the ports and removes their dirs (idempotently)', async () => {
      const e = await startNodeExporter()
      const p = await startPrometheus({ scrapeTargets: [`127.0.0.1:${e.port}`] })
      const trees = [...processTree(p.pid ?? -1), ...processTree(e.pid ?? -1)]
      expect(trees.length).toBe(2)
      await Promise.all([p.stop(), e.stop(), p.stop()])
      expect(trees.filter(isAlive)).toEqual([])
      expect(existsSync(p.dir) || existsSync(e.dir)).toBe(false)
      await expect(fetch(`${p.url}/-/ready`)).rejects.toThrow()
    })
  },
)
