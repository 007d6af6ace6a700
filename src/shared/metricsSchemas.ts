// The metrics domain at the boundary: metric sources (host over SSH, HTTP health check,
// Prometheus, PostgreSQL, Kubernetes, Redis, access and error logs over SSH), thresholds with
// hysteresis, series for the charts and the streams of live samples and threshold crossings.
import { z } from 'zod'
import { awsSourceSchemas } from './awsSchemas'
import { id, name } from './primitives'

export const metricSourceKinds = [
  'host',
  'http',
  'prometheus',
  'postgres',
  'kubernetes',
  'redis',
  'access-log',
  'error-log',
  'aws-cloudwatch',
  'aws-alarms',
  'aws-ecs',
  'aws-logs',
] as const
export type MetricSourceKind = (typeof metricSourceKinds)[number]

export const thresholdLevels = ['normal', 'warning', 'critical'] as const
export type ThresholdLevel = (typeof thresholdLevels)[number]

// ---------------------------------------------------------------------------------------------
// Source settings (what the responder enters in the form)

const metricName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'a metric name uses letters, digits and . _ : / - only')
const httpUrl = z
  .string()
  .trim()
  .max(2_000)
  .regex(/^https?:\/\/[^\s]+$/, 'an address starts with http:// or https://')
/** SSH target whose connection carries the traffic (a tunnel), or null for a direct connection. */
const via = id.nullable().default(null)

const common = {
  id: id.optional(),
  name,
  /** Seconds between polls. */
  intervalSec: z.number().min(0.25).max(3_600).default(10),
  /** A poll that takes longer is abandoned and counts as a failure. */
  timeoutSec: z.number().min(0.2).max(300).default(5),
  enabled: z.boolean().default(true),
}

export const hostSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('host'),
  /** The saved SSH target: one pooled connection, no agent on the host. */
  targetId: id,
})

export const httpSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('http'),
  url: httpUrl,
  /** Check a `{"status":"healthy","checks":{...}}` body (seed 003's /health shape). */
  checkBody: z.boolean().default(false),
  via,
})

export const prometheusSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('prometheus'),
  url: httpUrl,
  queries: z
    .array(z.strictObject({ metric: metricName, promql: z.string().trim().min(1).max(5_000) }))
    .min(1)
    .max(20),
  /** On start, fill the chart from a range query over this many minutes (0: none). */
  backfillMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  via,
})

export const postgresSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('postgres'),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().trim().min(1).max(63),
  user: z.string().trim().min(1).max(63),
  /** A new password to seal; omitted keeps the stored one, null removes it. */
  password: z.string().max(1_000).nullable().optional(),
  /** A query running longer than this counts as long (the seed's slow-query check: 30 s). */
  longQuerySec: z.number().min(1).max(86_400).default(30),
  via,
})

export const kubernetesSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('kubernetes'),
  /** kubeconfig file; empty uses kubectl's default (KUBECONFIG, ~/.kube/config). */
  kubeconfig: z.string().trim().max(4_096).default(''),
  context: z.string().trim().max(253).default(''),
  /** Empty: all namespaces. */
  namespace: z.string().trim().max(63).default(''),
})

export const redisSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('redis'),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(6379),
  /** TLS to the server (through a tunnel too: the certificate is checked against `host`). */
  tls: z.boolean().default(false),
  /** PEM file of the CA that signed the server's certificate; empty: the system's CAs. */
  tlsCaPath: z.string().trim().max(4_096).default(''),
  /** ACL user (Redis 6+); empty: the default user (requirepass, or no password at all). */
  user: z.string().trim().max(128).default(''),
  /** A new password to seal; omitted keeps the stored one, null removes it. */
  password: z.string().max(1_000).nullable().optional(),
  db: z.number().int().min(0).max(10_000).default(0),
  /**
   * Lists or streams whose length is watched: Celery's default queue `celery` (seed 000's
   * `redis-cli llen celery`) unless the responder names others. A stream also reports the
   * entries its consumer groups have not acknowledged.
   */
  keys: z
    .array(z.string().min(1).max(512))
    .max(20)
    .refine((k) => new Set(k).size === k.length, 'name each key once')
    .default(['celery']),
  /** Console commands that are not read-only ask first here, and go on the timeline. */
  production: z.boolean().default(false),
  via,
})

/** nginx's and most daemons' serious levels, and seed 001's `grep "ERROR\|CRITICAL"`. */
export const DEFAULT_ERROR_LOG_PATTERN = '(?i)\\b(error|crit|critical|alert|emerg|fatal)\\b'

/** A file on a host, followed with `tail -F`: one path, no NUL or line break in it. */
const logPath = z
  .string()
  .trim()
  .min(1)
  .max(4_096)
  .refine((p) => !/[\0\r\n]/.test(p), 'a path cannot hold a NUL byte or a line break')

export const accessLogSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('access-log'),
  /** The saved SSH target whose pooled connection runs `tail -F`; no agent on the host. */
  targetId: id,
  path: logPath,
  /**
   * nginx `log_format` syntax: a preset name (`combined`, `main`, `timed`, `apache-combined`),
   * the format string, or the whole `log_format name '…';` directive pasted from nginx.conf.
   */
  format: z.string().trim().min(1).max(4_000).default('combined'),
  /** The figures cover this many seconds back (the seeds' per-minute rates: 60). */
  windowSec: z.number().int().min(10).max(3_600).default(60),
})

export const errorLogSourceSchema = z.strictObject({
  ...common,
  kind: z.literal('error-log'),
  targetId: id,
  path: logPath,
  /** RE2 patterns; a line counts for the first it matches. */
  patterns: z
    .array(z.string().min(1).max(1_000))
    .min(1)
    .max(20)
    .default([DEFAULT_ERROR_LOG_PATTERN]),
  /** At most one timeline event per pattern this often; the lines between are counted in it. */
  eventGapSec: z.number().int().min(5).max(86_400).default(60),
})

/** CloudWatch metrics, CloudWatch alarms, ECS services, a CloudWatch Logs filter (awsSchemas.ts). */
export const awsSources = awsSourceSchemas(common)

export const metricSourceInputSchema = z.discriminatedUnion('kind', [
  hostSourceSchema,
  httpSourceSchema,
  prometheusSourceSchema,
  postgresSourceSchema,
  kubernetesSourceSchema,
  redisSourceSchema,
  accessLogSourceSchema,
  errorLogSourceSchema,
  awsSources.cloudwatch,
  awsSources.alarms,
  awsSources.ecs,
  awsSources.logs,
])
export type MetricSourceInput = z.input<typeof metricSourceInputSchema>
export type MetricSourceSettings = z.output<typeof metricSourceInputSchema>

type Stored<T> = Omit<T, 'id' | 'password'> & { id: string }
/** A saved source as the renderer sees it: never a password, only whether one is stored. */
export type MetricSourceConfig =
  | Stored<z.output<typeof hostSourceSchema>>
  | Stored<z.output<typeof httpSourceSchema>>
  | Stored<z.output<typeof prometheusSourceSchema>>
  | (Stored<z.output<typeof postgresSourceSchema>> & { hasPassword: boolean })
  | Stored<z.output<typeof kubernetesSourceSchema>>
  | (Stored<z.output<typeof redisSourceSchema>> & { hasPassword: boolean })
  | Stored<z.output<typeof accessLogSourceSchema>>
  | Stored<z.output<typeof errorLogSourceSchema>>
  | Stored<z.output<typeof awsSources.cloudwatch>>
  | Stored<z.output<typeof awsSources.alarms>>
  | Stored<z.output<typeof awsSources.ecs>>
  | Stored<z.output<typeof awsSources.logs>>

export interface MetricSourceStatus {
  /** ok: the last poll worked; error: it failed and a retry is scheduled; paused: disabled. */
  state: 'starting' | 'ok' | 'error' | 'paused'
  lastSampleAt: number | null
  lastError: string | null
  /** Failures in a row; the retry delay doubles with each, up to 5 minutes. */
  failures: number
  nextPollAt: number | null
  /** How long the last successful poll took. */
  lastDurationMs: number | null
  /**
   * Metrics whose own query failed in the last poll while the source answered (a Prometheus
   * query with a typo, one that returns several series): each keeps its error to itself, and
   * the other metrics of the source keep sampling. Empty when every query worked.
   */
  metricErrors: MetricQueryError[]
}

export interface MetricQueryError {
  metric: string
  error: string
}

export interface MetricSource {
  config: MetricSourceConfig
  status: MetricSourceStatus
  /** Latest value per metric, with the level its threshold puts it at. */
  latest: MetricValue[]
}

export interface MetricValue {
  metric: string
  value: number
  at: number
  level: ThresholdLevel | null
}

/** What a log source (access log, error log) has seen besides its numbers: for its card. */
export interface LogSourceDetail {
  sourceId: string
  follow: {
    /** following: `tail -F` runs on the host; down: it stopped and the next poll restarts it. */
    state: 'starting' | 'following' | 'down'
    since: number | null
    restarts: number
    lastDrop: { at: number; reason: string } | null
    /** What tail said (a missing file, a rotation) and stream restarts, newest last. */
    notes: string[]
  }
  access?: {
    windowSec: number
    lines: number
    unparsed: number
    /** The last lines that did not have the format's shape. */
    unparsedRecent: string[]
    hasRequestTime: boolean
    figures: {
      requests: number
      seconds: number
      requestsPerSec: number
      rate5xxPercent: number
      rate4xxPercent: number
      p50Ms: number | null
      p95Ms: number | null
      p99Ms: number | null
    }
    /** Paths without their query strings, most 5xx first. */
    topFailing: { path: string; s5xx: number; s4xx: number }[]
  }
  errors?: {
    lines: number
    matched: number
    /** Matching lines not yet on the timeline (waiting for the pattern's gap). */
    waiting: number
    recent: { at: number; pattern: string; line: string }[]
  }
}

// ---------------------------------------------------------------------------------------------
// Thresholds

export const thresholdSchema = z
  .strictObject({
    /** Exact metric name, or a prefix ending in `*` (e.g. `disk.*`). */
    metric: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9_.:/-]+\*?$/, 'a metric name, optionally ending in *'),
    /** Applies to one source only; null: every source with this metric. */
    sourceId: id.nullable().default(null),
    /** above: higher is worse (latency, CPU); below: lower is worse (ready replicas, up). */
    direction: z.enum(['above', 'below']).default('above'),
    /** Back to normal only once the value is on the good side of this line (hysteresis). */
    normal: z.number(),
    warning: z.number(),
    critical: z.number(),
    /** Leaving critical needs the value this fraction of the line back (hysteresis). */
    hysteresis: z.number().min(0).max(0.5).default(0.05),
    /** Crossing into critical suggests raising the incident's severity. */
    suggestSeverity: z.boolean().default(true),
  })
  .refine(
    (t) =>
      t.direction === 'above'
        ? t.normal <= t.warning && t.warning <= t.critical
        : t.normal >= t.warning && t.warning >= t.critical,
    { message: 'the lines must be in order: normal, then warning, then critical' },
  )
export type ThresholdInput = z.input<typeof thresholdSchema>
export type Threshold = z.output<typeof thresholdSchema>

/** A threshold crossing in either direction, as the timeline and the visual alert see it. */
export interface ThresholdCrossing {
  sourceId: string
  source: string
  metric: string
  from: ThresholdLevel
  to: ThresholdLevel
  value: number
  /** The line that was crossed. */
  threshold: number
  at: number
  /** Entering critical with a threshold that suggests it: the UI offers a severity change. */
  suggestSeverity: boolean
  /** Open incidents whose timelines recorded it. */
  incidentIds: string[]
}

export interface MetricPoint {
  at: number
  value: number
}

export interface MetricSeries {
  sourceId: string
  metric: string
  from: number
  to: number
  /** Points stored in the window before downsampling. */
  stored: number
  points: MetricPoint[]
  threshold: Threshold | null
}

export interface MetricSampleEvent {
  sourceId: string
  at: number
  values: MetricValue[]
}

// ---------------------------------------------------------------------------------------------
// Methods

const epochMs = z.number().int().nonnegative()

export const metricsParamSchemas = {
  'metrics.sources': z.strictObject({}),
  'metrics.saveSource': z.strictObject({ source: metricSourceInputSchema }),
  'metrics.removeSource': z.strictObject({ id }),
  /** Polls a source now (the "retry" button), without waiting for its backoff. */
  'metrics.pollNow': z.strictObject({ id }),
  'metrics.series': z.strictObject({
    sourceId: id,
    metric: z.string().min(1).max(300),
    from: epochMs,
    to: epochMs,
    /** At most this many points come back (the chart's width in pixels). */
    maxPoints: z.number().int().min(3).max(10_000).default(600),
  }),
  'metrics.metricNames': z.strictObject({ sourceId: id }),
  /** A log source's stream state, unreadable lines, top failing paths or matched lines. */
  'metrics.logDetail': z.strictObject({ sourceId: id }),
  /** Every metric of every source around a moment (the postmortem's "what did it look like"). */
  'metrics.around': z.strictObject({
    at: epochMs,
    windowMs: z
      .number()
      .int()
      .min(1_000)
      .max(24 * 3_600_000)
      .default(15 * 60_000),
    sourceId: id.optional(),
    metric: z.string().min(1).max(300).optional(),
    maxPoints: z.number().int().min(3).max(2_000).default(200),
  }),
  'metrics.thresholds': z.strictObject({}),
  'metrics.setThresholds': z.strictObject({ thresholds: z.array(thresholdSchema).max(500) }),
  'metrics.resetThresholds': z.strictObject({}),
} as const satisfies { [M in keyof MetricsMethodResults]: z.ZodType }

export interface MetricsMethodResults {
  'metrics.sources': MetricSource[]
  'metrics.saveSource': MetricSource
  'metrics.removeSource': { removed: boolean }
  'metrics.pollNow': MetricSource
  'metrics.series': MetricSeries
  'metrics.metricNames': string[]
  'metrics.logDetail': LogSourceDetail | null
  'metrics.around': MetricSeries[]
  'metrics.thresholds': Threshold[]
  'metrics.setThresholds': Threshold[]
  'metrics.resetThresholds': Threshold[]
}

export interface MetricsEventPayloads {
  /** Latest values of one source, at most about once a second per source. */
  'metrics.sample': MetricSampleEvent
  /** A source was added, changed, removed (config null) or its state changed (error, ok). */
  'metrics.source': { id: string; source: MetricSource | null }
  /** A metric crossed a threshold line, up or down: the visual alert. */
  'metrics.threshold': ThresholdCrossing
}

export const metricsEventNames: (keyof MetricsEventPayloads)[] = [
  'metrics.sample',
  'metrics.source',
  'metrics.threshold',
]
