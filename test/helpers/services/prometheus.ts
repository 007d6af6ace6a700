// Throwaway node_exporter and Prometheus on free loopback ports, configured so that nothing
// they do leaves the machine.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports'
import {
  removeDir,
  spawnDaemon,
  terminate,
  trackDir,
  waitUntilReady,
  withPortRetry,
  type TrackedProcess,
} from './processes'

export const PROMETHEUS_PATH = '/usr/bin/prometheus'
export const NODE_EXPORTER_PATH = '/usr/bin/prometheus-node-exporter'

export interface HttpService {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  readonly logPath: string
  readonly dir: string
  readonly pid: number | undefined
  /** SIGTERM (SIGKILL after a timeout), then removes the temp dir. Idempotent. */
  stop(): Promise<void>
}

// Neither daemon needs a proxy; an inherited HTTP(S)_PROXY must not route loopback traffic away.
const env = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  NO_PROXY: '*',
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
  await res.arrayBuffer()
  return res.ok
}

async function startHttpDaemon(
  name: string,
  command: string,
  prefix: string,
  readyPath: string,
  argsFor: (dir: string, port: number) => string[],
): Promise<HttpService> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  trackDir(dir)
  const logPath = join(dir, `${name}.log`)
  let proc: TrackedProcess | undefined
  let port = 0
  try {
    await withPortRetry(async () => {
      port = await freePort()
      const p = spawnDaemon(name, command, argsFor(dir, port), { logPath, dir, env })
      proc = p
      await waitUntilReady(
        `${name} on 127.0.0.1:${port}`,
        () => httpOk(`http://127.0.0.1:${port}${readyPath}`),
        { timeoutMs: 20_000, intervalMs: 100, proc: p, logPath },
      )
    })
  } catch (err) {
    if (proc) await terminate(proc, { graceMs: 2_000 })
    removeDir(dir)
    throw err
  }
  let stopped: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logPath,
    dir,
    get pid() {
      return proc && !proc.hasExited() ? proc.pid : undefined
    },
    stop() {
      stopped ??= (async () => {
        if (proc) await terminate(proc, { graceMs: 5_000 })
        removeDir(dir)
      })()
      return stopped
    },
  }
}

export interface StartNodeExporterOptions {
  /** Extra flags, e.g. `--collector.disable-defaults --collector.cpu`. */
  args?: readonly string[]
}

/** node_exporter with its default collectors; ready once /metrics answers. */
export function startNodeExporter(opts: StartNodeExporterOptions = {}): Promise<HttpService> {
  return startHttpDaemon(
    'node_exporter',
    NODE_EXPORTER_PATH,
    'sitrep-node-exporter-',
    '/metrics',
    (_dir, port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      // Debian enables the systemd collector, which fails on every scrape without systemd (CI
      // containers) and floods the log; nothing here reads its metrics.
      '--no-collector.systemd',
      ...(opts.args ?? []),
    ],
  )
}

export interface ScrapeJob {
  job: string
  /** `host:port` or a full URL (`http://host:port/path`), scraped over plain HTTP. */
  targets: readonly string[]
}

export interface StartPrometheusOptions {
  /** `host:port` / URL targets (all in job "node"), or explicit jobs. */
  scrapeTargets: readonly string[] | readonly ScrapeJob[]
  scrapeIntervalSeconds?: number
}

function staticConfigs(job: ScrapeJob, intervalSeconds: number): string[] {
  // Group targets by metrics path: a static_config has one path for all its targets.
  const byPath = new Map<string, string[]>()
  for (const t of job.targets) {
    const url = new URL(/^https?:\/\//.test(t) ? t : `http://${t}`)
    const path = url.pathname === '/' ? '/metrics' : url.pathname
    byPath.set(path, [...(byPath.get(path) ?? []), url.host])
  }
  const lines: string[] = []
  let i = 0
  for (const [path, hosts] of byPath) {
    const suffix = byPath.size > 1 ? `-${++i}` : ''
    lines.push(
      `  - job_name: ${JSON.stringify(job.job + suffix)}`,
      `    scrape_interval: ${intervalSeconds}s`,
      `    scrape_timeout: ${intervalSeconds}s`,
      `    metrics_path: ${JSON.stringify(path)}`,
      '    static_configs:',
      `      - targets: ${JSON.stringify(hosts)}`,
    )
  }
  return lines
}

/**
 * Prometheus scraping `scrapeTargets`; ready once /-/ready answers 200. Only static targets, no
 * alertmanager, no remote write and no service discovery: it has nothing to contact outside
 * loopback (Prometheus itself has no update check or telemetry).
 */
export function startPrometheus(opts: StartPrometheusOptions): Promise<HttpService> {
  const interval = opts.scrapeIntervalSeconds ?? 1
  const jobs: ScrapeJob[] = opts.scrapeTargets.map((t: string | ScrapeJob) =>
    typeof t === 'string' ? { job: 'node', targets: [t] } : t,
  )
  // Merge plain targets into one "node" job rather than one job per target.
  const merged = new Map<string, string[]>()
  for (const j of jobs) merged.set(j.job, [...(merged.get(j.job) ?? []), ...j.targets])
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  evaluation_interval: ${interval}s`,
    'scrape_configs:',
    ...[...merged].flatMap(([job, targets]) => staticConfigs({ job, targets }, interval)),
    '',
  ].join('\n')
  return startHttpDaemon(
    'prometheus',
    PROMETHEUS_PATH,
    'sitrep-prometheus-',
    '/-/ready',
    (dir, port) => {
      const configPath = join(dir, 'prometheus.yml')
      writeFileSync(configPath, config)
      return [
        `--config.file=${configPath}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Console templates default to paths relative to the cwd; point them into the temp dir.
        `--web.console.templates=${join(dir, 'consoles')}`,
        `--web.console.libraries=${join(dir, 'console_libraries')}`,
        '--storage.tsdb.retention.time=1h',
        '--log.level=info',
      ]
    },
  )
}
