// AWS at the boundary (issue #19, seed 003): the four AWS metric source kinds (CloudWatch
// metrics, CloudWatch alarms, ECS services, CloudWatch Logs filter), the CloudWatch presets the
// seed's dashboard names, and an AWS profile as a runbook target. Sitrep keeps profile and
// region names only, never keys: credentials come from the responder's own ~/.aws files, SSO
// cache or environment, as the aws CLI finds them.
import { z } from 'zod'
import { id, name, tags } from './primitives'

/** A profile name from ~/.aws/config or ~/.aws/credentials; empty: the SDK's default chain. */
export const awsProfileName = z
  .string()
  .trim()
  .max(128)
  .regex(/^[A-Za-z0-9_.@+=,/-]*$/, 'a profile name uses letters, digits and _ . @ + = , / - only')
  .default('')
/** e.g. ap-northeast-1; empty: the profile's own region (or AWS_REGION). */
export const awsRegion = z
  .string()
  .trim()
  .max(32)
  .regex(/^([a-z]{2}(-[a-z]+)+-\d)?$/, 'a region looks like ap-northeast-1')
  .default('')
/**
 * Where every AWS call of this source or target goes instead of AWS's own address: a VPC
 * endpoint gateway or an AWS-compatible service. Empty: AWS's public endpoints.
 */
export const awsEndpoint = z
  .string()
  .trim()
  .max(2_000)
  .regex(/^(https?:\/\/[^\s]+)?$/, 'an endpoint starts with http:// or https://')
  .default('')

const awsAccess = { profile: awsProfileName, region: awsRegion, endpoint: awsEndpoint }

const metricName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'a metric name uses letters, digits and . _ : / - only')

/** Average, Sum, Maximum, Minimum, SampleCount, or a percentile such as p99 / p99.9. */
export const cloudWatchStat = z
  .string()
  .trim()
  .regex(
    /^(Average|Sum|Maximum|Minimum|SampleCount|p\d{1,2}(\.\d{1,2})?)$/,
    'a statistic: Average, Sum, Maximum, Minimum, SampleCount or pNN',
  )

export const cloudWatchQuerySchema = z.strictObject({
  /** The name Sitrep shows and thresholds match (e.g. aws.ecs.cpu_percent). */
  metric: metricName,
  namespace: z.string().trim().min(1).max(255),
  metricName: z.string().trim().min(1).max(255),
  dimensions: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(255),
        value: z.string().trim().min(1).max(1_024),
      }),
    )
    .max(30)
    .default([]),
  stat: cloudWatchStat.default('Average'),
  /** Seconds per datapoint: 60 for standard metrics; 1, 5, 10, 30 for high-resolution ones. */
  periodSec: z
    .number()
    .int()
    .refine((p) => [1, 5, 10, 30].includes(p) || (p >= 60 && p % 60 === 0), {
      message: 'a period is 1, 5, 10, 30 or a multiple of 60 seconds',
    })
    .default(60),
})
export type CloudWatchQueryInput = z.input<typeof cloudWatchQuerySchema>
export type CloudWatchQuery = z.output<typeof cloudWatchQuerySchema>

/**
 * The AWS source kinds. Built from the fields every metric source shares (metricsSchemas.ts
 * passes its own), so the four kinds stay in one file without a circular import.
 */
export function awsSourceSchemas<C extends z.ZodRawShape>(common: C) {
  return {
    cloudwatch: z.strictObject({
      ...common,
      /**
       * CloudWatch's standard metrics have one datapoint a minute, and GetMetricData is billed
       * per metric read: polling faster than a minute costs and shows nothing new.
       */
      intervalSec: z.number().min(0.25).max(3_600).default(60),
      kind: z.literal('aws-cloudwatch'),
      ...awsAccess,
      queries: z.array(cloudWatchQuerySchema).min(1).max(20),
    }),
    alarms: z.strictObject({
      ...common,
      kind: z.literal('aws-alarms'),
      ...awsAccess,
      /** Only alarms whose name starts with this; empty: every alarm of the account and region. */
      namePrefix: z.string().trim().max(255).default(''),
    }),
    ecs: z.strictObject({
      ...common,
      kind: z.literal('aws-ecs'),
      ...awsAccess,
      cluster: z.string().trim().min(1).max(255),
      /** DescribeServices takes at most 10 services per call. */
      services: z.array(z.string().trim().min(1).max(255)).min(1).max(10),
    }),
    logs: z.strictObject({
      ...common,
      kind: z.literal('aws-logs'),
      ...awsAccess,
      logGroupName: z.string().trim().min(1).max(512),
      /** CloudWatch Logs filter pattern; the seed's is ERROR. */
      filterPattern: z.string().max(1_024).default('ERROR'),
      /**
       * At most one timeline event per this many seconds: matches in between are counted and
       * go into the next one, so a log storm is a handful of events, not thousands.
       */
      eventGapSec: z.number().int().min(5).max(3_600).default(60),
    }),
  }
}

// ---------------------------------------------------------------------------------------------
// CloudWatch presets (seed 003's dashboard: ECS CPU/Memory, ALB requests and 5xx, RDS
// connections and CPU). Each gives ready queries from the names the responder knows.

export const cloudWatchPresets = ['ecs-service', 'alb', 'rds-instance'] as const
export type CloudWatchPreset = (typeof cloudWatchPresets)[number]

export interface CloudWatchPresetInput {
  /** ECS: the cluster name. */
  cluster?: string
  /** ECS: the service name. */
  service?: string
  /** ALB: the load balancer's dimension value, `app/<name>/<id>` (the end of its ARN). */
  loadBalancer?: string
  /** RDS: the DB instance identifier. */
  dbInstance?: string
}

/** The queries of a preset; fields it needs but does not get are an error the form shows. */
export function cloudWatchPresetQueries(
  preset: CloudWatchPreset,
  p: CloudWatchPresetInput,
): CloudWatchQuery[] {
  const need = (v: string | undefined, what: string): string => {
    const t = (v ?? '').trim()
    if (!t) throw new Error(`The ${preset} preset needs ${what}.`)
    return t
  }
  const q = (
    metric: string,
    namespace: string,
    metricName: string,
    dims: Record<string, string>,
    stat: string,
  ): CloudWatchQuery => ({
    metric,
    namespace,
    metricName,
    dimensions: Object.entries(dims).map(([n, value]) => ({ name: n, value })),
    stat,
    periodSec: 60,
  })
  switch (preset) {
    case 'ecs-service': {
      const dims = {
        ClusterName: need(p.cluster, 'a cluster'),
        ServiceName: need(p.service, 'a service'),
      }
      return [
        q('aws.ecs.cpu_percent', 'AWS/ECS', 'CPUUtilization', dims, 'Average'),
        q('aws.ecs.memory_percent', 'AWS/ECS', 'MemoryUtilization', dims, 'Average'),
      ]
    }
    case 'alb': {
      const dims = { LoadBalancer: need(p.loadBalancer, 'a load balancer (app/name/id)') }
      return [
        q('aws.alb.requests', 'AWS/ApplicationELB', 'RequestCount', dims, 'Sum'),
        q('aws.alb.elb_5xx', 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', dims, 'Sum'),
        q('aws.alb.target_5xx', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dims, 'Sum'),
        q('aws.alb.response_time_s', 'AWS/ApplicationELB', 'TargetResponseTime', dims, 'p95'),
      ]
    }
    case 'rds-instance': {
      const dims = { DBInstanceIdentifier: need(p.dbInstance, 'a DB instance identifier') }
      return [
        q('aws.rds.connections', 'AWS/RDS', 'DatabaseConnections', dims, 'Average'),
        q('aws.rds.cpu_percent', 'AWS/RDS', 'CPUUtilization', dims, 'Average'),
      ]
    }
  }
}

// ---------------------------------------------------------------------------------------------
// An AWS profile as a runbook target

export interface AwsProfileTarget {
  id: string
  kind: 'aws'
  name: string
  /** Empty: the default chain (AWS_PROFILE of Sitrep's own environment, then `default`). */
  profile: string
  region: string
  endpoint: string
  tags: string[]
  /** Tagged production/prod: an aws command that is not read-only asks first. */
  production: boolean
}

/** Profile names found in the responder's AWS files: names only, nothing else is read out. */
export interface AwsLocalProfiles {
  profiles: string[]
  /** The files read (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE or ~/.aws/…). */
  files: string[]
}

/** One line of a CloudWatch Logs source's live tail. */
export interface AwsLogLine {
  /** Numbered per source from 1; a viewer asks for the lines after the last it showed. */
  seq: number
  /** The event's own timestamp (ms). */
  at: number
  stream: string
  message: string
}

export interface AwsLogTail {
  lines: AwsLogLine[]
  /** The newest line's number (0: none yet); the next ask's `afterSeq`. */
  lastSeq: number
}

export const awsParamSchemas = {
  'aws.profiles': z.strictObject({}),
  'aws.saveProfile': z.strictObject({
    id: id.optional(),
    name,
    ...awsAccess,
    tags,
  }),
  'aws.removeProfile': z.strictObject({ id }),
  'aws.localProfiles': z.strictObject({}),
  /** The matching lines a CloudWatch Logs source has seen (the newest 500), after `afterSeq`. */
  'aws.logTail': z.strictObject({
    sourceId: id,
    afterSeq: z.number().int().min(0).default(0),
  }),
} as const satisfies { [M in keyof AwsMethodResults]: z.ZodType }

export interface AwsMethodResults {
  'aws.profiles': AwsProfileTarget[]
  'aws.saveProfile': AwsProfileTarget
  'aws.removeProfile': { removed: boolean }
  'aws.localProfiles': AwsLocalProfiles
  'aws.logTail': AwsLogTail
}

export interface AwsEventPayloads {
  /** The saved AWS profile targets after a save or a removal (any window's). */
  'awsProfiles.changed': AwsProfileTarget[]
}

export const awsEventNames: (keyof AwsEventPayloads)[] = ['awsProfiles.changed']
