// The fixture API server's request handling: discovery, reads of namespaces, pods and
// deployments (JSON, or the Table kubectl prints), pod logs with follow, and the exec upgrade.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { parseSelector, type FixtureCluster } from './cluster'
import type { ExecRequest, ExecServer } from './exec'
import { deploymentTable, namespaceTable, podTable } from './tables'

const resource = (
  name: string,
  kind: string,
  namespaced: boolean,
  verbs: string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({ name, singularName: '', namespaced, kind, verbs, ...extra })

// Legacy (non-aggregated) discovery: kubectl falls back to it when /api answers plain JSON.
const API_RESOURCES_V1 = [
  resource('namespaces', 'Namespace', false, ['get', 'list'], {
    singularName: 'namespace',
    shortNames: ['ns'],
  }),
  resource('pods', 'Pod', true, ['get', 'list'], {
    singularName: 'pod',
    shortNames: ['po'],
    categories: ['all'],
  }),
  resource('pods/log', 'Pod', true, ['get']),
  resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
]
const API_RESOURCES_APPS = [
  resource('deployments', 'Deployment', true, ['get', 'list', 'patch'], {
    singularName: 'deployment',
    shortNames: ['deploy'],
    categories: ['all'],
  }),
]

function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  }
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

function list(
  kind: string,
  apiVersion: string,
  version: string,
  items: unknown[],
): Record<string, unknown> {
  return { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: version }, items }
}

export class KubeRoutes {
  readonly requests: string[] = []
  /** Every PATCH body received, in order (what `kubectl rollout restart` asked for). */
  readonly patches: Array<{ namespace: string; name: string; patch: unknown }> = []
  private readonly openStreams = new Set<ServerResponse>()
  port = 0

  constructor(
    private readonly cluster: FixtureCluster,
    private readonly token: string,
    private readonly exec: ExecServer,
  ) {}

  private authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${this.token}`
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.route(req, res)
    } catch (err) {
      sendJson(
        res,
        500,
        statusBody(500, 'InternalError', err instanceof Error ? err.message : String(err)),
      )
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const { cluster } = this
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    this.requests.push(`${req.method ?? 'GET'} ${url.pathname}${url.search}`)
    if (!this.authorized(req))
      return sendJson(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'))
    if (req.method === 'PATCH') {
      return this.patch(req, res, url.pathname.split('/').filter(Boolean))
    }
    if (req.method !== 'GET') {
      const message = `the fixture API server only serves GET (got ${req.method ?? '?'})`
      return sendJson(res, 405, statusBody(405, 'MethodNotAllowed', message))
    }
    const table = (req.headers.accept ?? '').includes('as=Table')
    const selector = parseSelector(url.searchParams.get('labelSelector'))
    const parts = url.pathname.split('/').filter(Boolean)
    const path = `/${parts.join('/')}`
    const ok = (body: unknown): void => sendJson(res, 200, body)
    const notFound = (what: string): void => sendJson(res, 404, statusBody(404, 'NotFound', what))

    if (path === '/version') {
      return ok({
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.4',
        platform: 'linux/amd64',
        compiler: 'gc',
      })
    }
    if (path === '/api') {
      const cidr = { clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` }
      return ok({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [cidr] })
    }
    if (path === '/api/v1') {
      return ok({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'v1',
        resources: API_RESOURCES_V1,
      })
    }
    if (path === '/apis') {
      const gv = { groupVersion: 'apps/v1', version: 'v1' }
      return ok({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [{ name: 'apps', versions: [gv], preferredVersion: gv }],
      })
    }
    if (path === '/apis/apps/v1') {
      return ok({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'apps/v1',
        resources: API_RESOURCES_APPS,
      })
    }
    if (path === '/api/v1/namespaces') {
      const names = [...cluster.namespaces].sort()
      const items = names.map((n) => cluster.namespaceJson(n))
      return ok(
        table ? namespaceTable(cluster, names) : list('Namespace', 'v1', cluster.version, items),
      )
    }
    if (parts[0] === 'api' && parts[2] === 'namespaces' && parts.length === 4) {
      const ns = parts[3] as string
      if (!cluster.namespaces.has(ns)) return notFound(`namespaces "${ns}" not found`)
      return ok(table ? namespaceTable(cluster, [ns]) : cluster.namespaceJson(ns))
    }
    const nsPods = parts[0] === 'api' && parts[2] === 'namespaces' && parts[4] === 'pods'
    if (path === '/api/v1/pods' || (nsPods && parts.length === 5)) {
      const pods = cluster.listPods(parts.length === 5 ? parts[3] : undefined, selector)
      const items = pods.map((p) => cluster.podJson(p))
      return ok(table ? podTable(cluster, pods) : list('Pod', 'v1', cluster.version, items))
    }
    if (nsPods && parts.length >= 6) {
      const [ns, name, sub] = [parts[3] as string, parts[5] as string, parts[6]]
      const pod = cluster.getPod(ns, name)
      if (!pod) return notFound(`pods "${name}" not found`)
      if (sub === undefined) return ok(table ? podTable(cluster, [pod]) : cluster.podJson(pod))
      if (sub === 'log') return this.streamLog(res, ns, name, url.searchParams)
      if (sub === 'exec') {
        const message = 'exec needs a WebSocket upgrade (v5.channel.k8s.io)'
        return sendJson(res, 400, statusBody(400, 'BadRequest', message))
      }
      return notFound(`pods/${sub} is not served by the fixture`)
    }
    const nsDeps = parts[0] === 'apis' && parts[3] === 'namespaces' && parts[5] === 'deployments'
    if (path === '/apis/apps/v1/deployments' || nsDeps) {
      const ns = nsDeps ? parts[4] : undefined
      const name = parts[6]
      if (name !== undefined) {
        const dep = cluster.getDeployment(ns as string, name)
        if (!dep) return notFound(`deployments.apps "${name}" not found`)
        return ok(table ? deploymentTable(cluster, [dep]) : cluster.deploymentJson(dep))
      }
      const deps = cluster.listDeployments(ns, selector)
      const items = deps.map((d) => cluster.deploymentJson(d))
      return ok(
        table
          ? deploymentTable(cluster, deps)
          : list('Deployment', 'apps/v1', cluster.version, items),
      )
    }
    notFound(`the fixture API server does not serve ${url.pathname}`)
  }

  /**
   * PATCH of a namespaced deployment (`kubectl rollout restart`, `set image`'s spec change): the
   * body is read as JSON whatever the patch type; the answer is the deployment after it.
   */
  private patch(req: IncomingMessage, res: ServerResponse, parts: string[]): void {
    const isDeployment =
      parts.length === 7 &&
      parts[0] === 'apis' &&
      parts[3] === 'namespaces' &&
      parts[5] === 'deployments'
    if (!isDeployment) {
      const message = 'the fixture API server only patches deployments'
      return sendJson(res, 405, statusBody(405, 'MethodNotAllowed', message))
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body: unknown
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return sendJson(res, 400, statusBody(400, 'BadRequest', 'the patch is not JSON'))
      }
      const [ns, name] = [parts[4] as string, parts[6] as string]
      this.patches.push({ namespace: ns, name, patch: body })
      const dep = this.cluster.patchDeployment(ns, name, body)
      if (!dep)
        return sendJson(
          res,
          404,
          statusBody(404, 'NotFound', `deployments.apps "${name}" not found`),
        )
      sendJson(res, 200, this.cluster.deploymentJson(dep))
    })
  }

  private streamLog(res: ServerResponse, ns: string, name: string, q: URLSearchParams): void {
    const pod = this.cluster.getPod(ns, name)
    if (!pod) return
    const tail = q.get('tailLines')
    const lines = tail === null ? pod.logs : pod.logs.slice(-Number(tail))
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    for (const line of lines) res.write(`${line}\n`)
    if (q.get('follow') !== 'true') {
      res.end()
      return
    }
    const event = `log:${ns}/${name}`
    const onLine = (line: string): void => {
      res.write(`${line}\n`)
    }
    this.cluster.logEvents.on(event, onLine)
    this.openStreams.add(res)
    res.on('close', () => {
      this.cluster.logEvents.off(event, onLine)
      this.openStreams.delete(res)
    })
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    this.requests.push(`UPGRADE ${url.pathname}${url.search}`)
    const parts = url.pathname.split('/').filter(Boolean)
    const pod =
      parts[6] === 'exec' ? this.cluster.getPod(parts[3] as string, parts[5] as string) : undefined
    const refuse = (status: string): void => {
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${status}\n`,
      )
    }
    if (!this.authorized(req)) return refuse('401 Unauthorized')
    if (!pod) return refuse('404 Not Found')
    const q = url.searchParams
    const exec: ExecRequest = {
      namespace: pod.namespace,
      pod: pod.name,
      container: q.get('container') ?? pod.containers[0] ?? 'app',
      command: q.getAll('command'),
      tty: q.get('tty') === 'true',
      stdin: q.get('stdin') === 'true',
    }
    this.exec.upgrade(req, socket, head, exec)
  }

  /** Ends every `logs -f` stream (the server is stopping). */
  endStreams(): void {
    for (const res of this.openStreams) res.end()
    this.openStreams.clear()
  }
}
