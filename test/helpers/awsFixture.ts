// The AWS fixture: AWS has no local server, so, as with the Kubernetes API, one small HTTP server
// on loopback implements only the calls Sitrep makes, in their real wire protocols, and checks
// every request's SigV4 signature against the test credentials (awsSigV4.ts):
// - CloudWatch GetMetricData and DescribeAlarms: awsJson1_0 with the query-compatible error
//   header (x-amzn-query-error), which is what SDK v3 sends since CloudWatch left awsQuery;
//   and the same two in awsQuery (form body, XML answer, awsQuery.ts), which is what the aws
//   CLI's older botocore (Debian's 2.9) still sends;
// - ECS DescribeServices and CloudWatch Logs FilterLogEvents: awsJson1_1;
// - STS AssumeRole (awsQuery: form body, XML answer), so a profile with role_arn and
//   source_profile is resolved by the SDK's own code against it;
// - the SSO portal's GetRoleCredentials (restJson1, a bearer token instead of a signature), so
//   an sso_session profile with the token `aws sso login` would have cached is resolved too.
// The test sets the state (metric values, alarms, services, log lines); the code under test only
// gets the fixture's address as the AWS endpoint setting, and knows nothing else of it.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MONITORING_XMLNS, parseQueryForm, queryResponseXml } from './awsQuery'
import { verifySigV4, type SigV4Credentials, type SigV4Failure } from './awsSigV4'

export interface FixtureDimension {
  Name: string
  Value: string
}

export interface FixtureMetric {
  namespace: string
  metricName: string
  dimensions: Record<string, string>
  stat: string
}

export interface FixtureAlarm {
  AlarmName: string
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
  StateReason: string
  Namespace?: string
  MetricName?: string
}

export interface FixtureDeployment {
  id: string
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE'
  taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  failedTasks?: number
  rolloutState?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  rolloutStateReason?: string
  createdAt: number
  updatedAt: number
}

export interface FixtureService {
  serviceName: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  runningCount: number
  pendingCount: number
  deployments: FixtureDeployment[]
}

export interface FixtureLogEvent {
  timestamp: number
  message: string
  logStreamName: string
  eventId: string
  ingestionTime: number
}

export interface FixtureCall {
  service: string
  operation: string
  accessKeyId: string | null
  /** The AWS error code sent back, or null for a success. */
  error: string | null
  message: string | null
}

export interface AwsFixtureOptions {
  region?: string
  /** Long-term credentials the fixture knows (the test writes the same into its temp files). */
  credentials?: SigV4Credentials[]
  /** The fixture's clock, for signatures dated too far from it. */
  now?: () => number
  /** FilterLogEvents answers at most this many events per page (AWS: 10 000). */
  logsPageSize?: number
}

export interface AssumedRole {
  roleArn: string
  roleSessionName: string
  /** Who asked: the source profile's access key. */
  callerAccessKeyId: string
  credentials: Required<SigV4Credentials>
}

export interface AwsFixture {
  readonly endpoint: string
  readonly region: string
  readonly calls: FixtureCall[]
  readonly assumedRoles: AssumedRole[]
  /** Temporary credentials handed out by the SSO portal, in order. */
  readonly ssoCredentials: Required<SigV4Credentials>[]
  /** The SSO portal hands out credentials for this account and role to this access token. */
  allowSsoRole(accessToken: string, accountId: string, roleName: string): void
  setMetric(m: Omit<FixtureMetric, 'stat'> & { stat?: string }, value: number | null): void
  setAlarm(a: FixtureAlarm): void
  removeAlarm(name: string): void
  setService(cluster: string, s: FixtureService): void
  /** Appends log lines to a group (created on first use); timestamps default to now. */
  appendLogs(group: string, lines: (string | Partial<FixtureLogEvent>)[]): void
  createLogGroup(group: string): void
  stop(): Promise<void>
}

const SERVICES: Record<string, { service: string; protocol: 'json1.0' | 'json1.1' }> = {
  GraniteServiceVersion20100801: { service: 'monitoring', protocol: 'json1.0' },
  AmazonEC2ContainerServiceV20141113: { service: 'ecs', protocol: 'json1.1' },
  Logs_20140328: { service: 'logs', protocol: 'json1.1' },
}

class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly sender: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message)
  }
}

/** How each service names a signature failure (the JSON services and the query ones differ). */
function authError(f: SigV4Failure, service: string): AwsError {
  const query = service === 'monitoring' || service === 'sts'
  switch (f.code) {
    case 'MissingAuthenticationToken':
      return query
        ? new AwsError('MissingAuthenticationToken', f.message, 403)
        : new AwsError('MissingAuthenticationTokenException', f.message, 403)
    case 'UnrecognizedClient':
      return query
        ? new AwsError('InvalidClientTokenId', f.message, 403)
        : new AwsError('UnrecognizedClientException', f.message, 400)
    case 'IncompleteSignature':
      return new AwsError(query ? 'IncompleteSignature' : 'IncompleteSignatureException', f.message)
    case 'ContentHashMismatch':
      return new AwsError('XAmzContentSHA256Mismatch', f.message)
    case 'SignatureExpired':
    case 'InvalidSignature':
      return query
        ? new AwsError('SignatureDoesNotMatch', f.message, 403)
        : new AwsError('InvalidSignatureException', f.message, 400)
  }
}

const dimKey = (namespace: string, metricName: string, dims: Record<string, string>): string =>
  `${namespace}|${metricName}|${Object.entries(dims)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`

/** CloudWatch Logs filter patterns for unstructured lines: terms (all must match), "quoted
 * phrases", ?term (any of the ?terms), -term (must not match). Case-sensitive, as in AWS. */
export function matchesFilterPattern(pattern: string, message: string): boolean {
  const trimmed = pattern.trim()
  if (trimmed === '') return true
  const terms = [...trimmed.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    op: m[1] ?? '',
    text: m[2] ?? m[3] ?? '',
  }))
  const optional = terms.filter((t) => t.op === '?')
  if (optional.length) return optional.some((t) => message.includes(t.text))
  return terms.every((t) => (t.op === '-' ? !message.includes(t.text) : message.includes(t.text)))
}

export async function startAwsFixture(opts: AwsFixtureOptions = {}): Promise<AwsFixture> {
  const region = opts.region ?? 'ap-northeast-1'
  const now = opts.now ?? Date.now
  const pageSize = opts.logsPageSize ?? 10_000
  const creds = new Map<string, SigV4Credentials>()
  for (const c of opts.credentials ?? []) creds.set(c.accessKeyId, c)
  const metrics = new Map<string, Map<string, number | null>>()
  const alarms = new Map<string, FixtureAlarm & { StateUpdatedTimestamp: number }>()
  const clusters = new Map<string, Map<string, FixtureService>>()
  const logs = new Map<string, FixtureLogEvent[]>()
  const calls: FixtureCall[] = []
  const assumedRoles: AssumedRole[] = []
  const ssoRoles = new Set<string>()
  const ssoCredentials: Required<SigV4Credentials>[] = []
  let eventSeq = 0

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    'monitoring.GetMetricData': (b) => {
      const start = Number(b.StartTime) * 1000
      const end = Number(b.EndTime) * 1000
      if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start)
        throw new AwsError(
          'InvalidParameterValue',
          'The parameter EndTime must be greater than StartTime.',
        )
      const queries = (b.MetricDataQueries ?? []) as {
        Id: string
        MetricStat?: {
          Metric: { Namespace: string; MetricName: string; Dimensions?: FixtureDimension[] }
          Period: number
          Stat: string
        }
        Expression?: string
      }[]
      if (queries.length === 0)
        throw new AwsError('ValidationError', 'The parameter MetricDataQueries is required.')
      return {
        MetricDataResults: queries.map((q) => {
          if (!q.MetricStat) {
            throw new AwsError('ValidationError', 'Metric math is not served by this fixture.')
          }
          const { Metric, Period, Stat } = q.MetricStat
          const dims = Object.fromEntries((Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]))
          const v = metrics.get(dimKey(Metric.Namespace, Metric.MetricName, dims))?.get(Stat)
          // One datapoint at the start of the last whole period, as CloudWatch aligns them.
          const at = Math.floor(end / 1000 / Period) * Period - Period
          return {
            Id: q.Id,
            Label: Metric.MetricName,
            Timestamps: v === undefined || v === null ? [] : [at],
            Values: v === undefined || v === null ? [] : [v],
            StatusCode: 'Complete',
          }
        }),
        Messages: [],
      }
    },
    'monitoring.DescribeAlarms': (b) => {
      const wanted = b.StateValue as string | undefined
      const prefix = b.AlarmNamePrefix as string | undefined
      const names = b.AlarmNames as string[] | undefined
      const list = [...alarms.values()].filter(
        (a) =>
          (!wanted || a.StateValue === wanted) &&
          (!prefix || a.AlarmName.startsWith(prefix)) &&
          (!names || names.includes(a.AlarmName)),
      )
      return {
        MetricAlarms: list.map((a) => ({
          AlarmName: a.AlarmName,
          AlarmArn: `arn:aws:cloudwatch:${region}:123456789012:alarm:${a.AlarmName}`,
          StateValue: a.StateValue,
          StateReason: a.StateReason,
          StateUpdatedTimestamp: a.StateUpdatedTimestamp / 1000,
          ...(a.Namespace ? { Namespace: a.Namespace } : {}),
          ...(a.MetricName ? { MetricName: a.MetricName } : {}),
        })),
        CompositeAlarms: [],
      }
    },
    'ecs.DescribeServices': (b) => {
      const clusterName = String(b.cluster ?? 'default')
      const cluster = clusters.get(clusterName)
      if (!cluster) throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
      const wanted = (b.services ?? []) as string[]
      if (wanted.length === 0 || wanted.length > 10)
        throw new AwsError('InvalidParameterException', 'services must name 1 to 10 services.')
      const arn = (s: string): string =>
        `arn:aws:ecs:${region}:123456789012:service/${clusterName}/${s}`
      const found = wanted.flatMap((n) => {
        const s = cluster.get(n)
        return s ? [s] : []
      })
      return {
        services: found.map((s) => ({
          serviceArn: arn(s.serviceName),
          serviceName: s.serviceName,
          clusterArn: `arn:aws:ecs:${region}:123456789012:cluster/${clusterName}`,
          status: s.status,
          desiredCount: s.desiredCount,
          runningCount: s.runningCount,
          pendingCount: s.pendingCount,
          launchType: 'FARGATE',
          deployments: s.deployments.map((d) => ({
            id: d.id,
            status: d.status,
            taskDefinition: d.taskDefinition,
            desiredCount: d.desiredCount,
            runningCount: d.runningCount,
            pendingCount: d.pendingCount,
            failedTasks: d.failedTasks ?? 0,
            createdAt: d.createdAt / 1000,
            updatedAt: d.updatedAt / 1000,
            ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
            ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
          })),
          events: [],
        })),
        failures: wanted
          .filter((n) => !cluster.has(n))
          .map((n) => ({ arn: arn(n), reason: 'MISSING' })),
      }
    },
    'logs.FilterLogEvents': (b) => {
      const group = String(b.logGroupName ?? '')
      const events = logs.get(group)
      if (!events)
        throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
      const start = typeof b.startTime === 'number' ? b.startTime : 0
      const end = typeof b.endTime === 'number' ? b.endTime : Number.MAX_SAFE_INTEGER
      const pattern = typeof b.filterPattern === 'string' ? b.filterPattern : ''
      const limit = Math.min(typeof b.limit === 'number' ? b.limit : 10_000, pageSize)
      const from = typeof b.nextToken === 'string' ? Number(b.nextToken) : 0
      const matching = events.filter(
        (e) =>
          e.timestamp >= start && e.timestamp <= end && matchesFilterPattern(pattern, e.message),
      )
      const page = matching.slice(from, from + limit)
      const more = from + limit < matching.length
      return {
        events: page,
        searchedLogStreams: [],
        ...(more ? { nextToken: String(from + limit) } : {}),
      }
    },
  }

  function stsAssumeRole(form: URLSearchParams, callerAccessKeyId: string): string {
    const roleArn = form.get('RoleArn') ?? ''
    const roleSessionName = form.get('RoleSessionName') ?? ''
    if (!/^arn:aws:iam::\d{12}:role\//.test(roleArn))
      throw new AwsError('ValidationError', `${roleArn} is invalid`)
    const temp = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(32).toString('base64'),
    }
    creds.set(temp.accessKeyId, temp)
    assumedRoles.push({ roleArn, roleSessionName, callerAccessKeyId, credentials: temp })
    const expiration = new Date(now() + 3_600_000).toISOString().replace(/\.\d{3}/, '')
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${roleSessionName}</AssumedRoleId>
      <Arn>${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${roleSessionName}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${temp.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${temp.secretAccessKey}</SecretAccessKey>
      <SessionToken>${temp.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`
  }

  function send(
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): void {
    // Date lets the SDK correct a skewed clock, as it does against AWS.
    res.writeHead(status, {
      ...headers,
      date: new Date(now()).toUTCString(),
      'x-amzn-requestid': randomUUID(),
      'content-length': String(Buffer.byteLength(body)),
    })
    res.end(body)
  }

  function sendError(
    res: ServerResponse,
    protocol: 'json1.0' | 'json1.1' | 'query',
    err: AwsError,
    service = '',
  ): void {
    if (protocol === 'query') {
      const xmlns =
        service === 'monitoring' ? MONITORING_XMLNS : 'https://sts.amazonaws.com/doc/2011-06-15/'
      send(
        res,
        err.status,
        { 'content-type': 'text/xml' },
        `<ErrorResponse xmlns="${xmlns}"><Error><Type>${err.sender}</Type><Code>${err.code}</Code><Message>${err.message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      )
      return
    }
    const headers: Record<string, string> = {
      'content-type': `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`,
      'x-amzn-errortype': `${err.code}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
    }
    // CloudWatch answers JSON but keeps its awsQuery error codes in this header.
    if (protocol === 'json1.0') headers['x-amzn-query-error'] = `${err.code};${err.sender}`
    send(res, err.status, headers, JSON.stringify({ __type: err.code, message: err.message }))
  }

  /** GET /federation/credentials?account_id&role_name with x-amz-sso_bearer_token. */
  const ssoGetRoleCredentials = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fixture')
    const token = String(req.headers['x-amz-sso_bearer_token'] ?? '')
    const key = `${token}\u0000${url.searchParams.get('account_id')}\u0000${url.searchParams.get('role_name')}`
    const call: FixtureCall = {
      service: 'sso',
      operation: 'GetRoleCredentials',
      accessKeyId: null,
      error: null,
      message: null,
    }
    calls.push(call)
    if (!ssoRoles.has(key)) {
      call.error = 'UnauthorizedException'
      call.message = 'Session token not found or invalid'
      send(
        res,
        401,
        { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException' },
        JSON.stringify({ message: call.message }),
      )
      return
    }
    const temp = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(32).toString('base64'),
    }
    creds.set(temp.accessKeyId, temp)
    ssoCredentials.push(temp)
    send(
      res,
      200,
      { 'content-type': 'application/json' },
      JSON.stringify({ roleCredentials: { ...temp, expiration: now() + 3_600_000 } }),
    )
  }

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    if (req.method === 'GET' && (req.url ?? '').startsWith('/federation/credentials')) {
      ssoGetRoleCredentials(req, res)
      return
    }
    const target = req.headers['x-amz-target']
    const contentType = String(req.headers['content-type'] ?? '')
    let service: string
    let operation: string
    let protocol: 'json1.0' | 'json1.1' | 'query'
    if (typeof target === 'string' && target.includes('.')) {
      const [prefix, op] = target.split('.') as [string, string]
      const known = SERVICES[prefix]
      if (!known) {
        send(res, 404, { 'content-type': 'text/plain' }, `Unknown target ${target}`)
        return
      }
      ;({ service, protocol } = known)
      operation = op
    } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
      // The query protocol: AWS tells the services apart by host; here the API version does
      // (CloudWatch 2010-08-01, as the aws CLI's botocore sends it; else STS).
      const form = new URLSearchParams(body.toString('utf8'))
      service = form.get('Version') === '2010-08-01' ? 'monitoring' : 'sts'
      protocol = 'query'
      operation = form.get('Action') ?? ''
    } else {
      send(res, 404, { 'content-type': 'text/plain' }, 'Not an AWS call this fixture serves')
      return
    }
    const call: FixtureCall = { service, operation, accessKeyId: null, error: null, message: null }
    calls.push(call)
    const auth = verifySigV4(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      { region, service, now: now(), lookup: (id) => creds.get(id) },
    )
    if (!auth.ok) {
      const err = authError(auth.failure, service)
      call.error = err.code
      call.message = err.message
      sendError(res, protocol, err, service)
      return
    }
    call.accessKeyId = auth.accessKeyId
    try {
      if (protocol === 'query' && service === 'monitoring') {
        const fn = operations[`monitoring.${operation}`]
        if (!fn) throw new AwsError('InvalidAction', `Could not find operation ${operation}`)
        const parsed = parseQueryForm(new URLSearchParams(body.toString('utf8')))
        send(
          res,
          200,
          { 'content-type': 'text/xml' },
          queryResponseXml(
            operation,
            fn(parsed) as Record<string, unknown>,
            MONITORING_XMLNS,
            randomUUID(),
          ),
        )
        return
      }
      if (protocol === 'query') {
        const form = new URLSearchParams(body.toString('utf8'))
        if (operation !== 'AssumeRole')
          throw new AwsError('InvalidAction', `Could not find operation ${operation}`)
        send(res, 200, { 'content-type': 'text/xml' }, stsAssumeRole(form, auth.accessKeyId))
        return
      }
      const fn = operations[`${service}.${operation}`]
      if (!fn) throw new AwsError('UnknownOperationException', `${operation} is not served here`)
      const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>
      send(
        res,
        200,
        { 'content-type': `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}` },
        JSON.stringify(fn(parsed)),
      )
    } catch (err) {
      const e =
        err instanceof AwsError
          ? err
          : new AwsError('InternalFailure', (err as Error).message, 500, 'Receiver')
      call.error = e.code
      call.message = e.message
      sendError(res, protocol, e, service)
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo

  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    calls,
    assumedRoles,
    ssoCredentials,
    allowSsoRole(accessToken, accountId, roleName) {
      ssoRoles.add(`${accessToken}\u0000${accountId}\u0000${roleName}`)
    },
    setMetric(m, value) {
      const key = dimKey(m.namespace, m.metricName, m.dimensions)
      let byStat = metrics.get(key)
      if (!byStat) metrics.set(key, (byStat = new Map()))
      byStat.set(m.stat ?? 'Average', value)
    },
    setAlarm(a) {
      const old = alarms.get(a.AlarmName)
      alarms.set(a.AlarmName, {
        ...a,
        StateUpdatedTimestamp:
          old && old.StateValue === a.StateValue ? old.StateUpdatedTimestamp : now(),
      })
    },
    removeAlarm(name) {
      alarms.delete(name)
    },
    setService(cluster, s) {
      let c = clusters.get(cluster)
      if (!c) clusters.set(cluster, (c = new Map()))
      c.set(s.serviceName, structuredClone(s))
    },
    createLogGroup(group) {
      if (!logs.has(group)) logs.set(group, [])
    },
    appendLogs(group, lines) {
      let list = logs.get(group)
      if (!list) logs.set(group, (list = []))
      for (const l of lines) {
        const e = typeof l === 'string' ? { message: l } : l
        const t = e.timestamp ?? now()
        list.push({
          timestamp: t,
          message: e.message ?? '',
          logStreamName: e.logStreamName ?? 'ecs/app/0123456789abcdef',
          eventId: e.eventId ?? `${t}${String(++eventSeq).padStart(20, '0')}`,
          ingestionTime: e.ingestionTime ?? t,
        })
      }
      list.sort((a, b) => a.timestamp - b.timestamp)
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
