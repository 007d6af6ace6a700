// A fixture Kubernetes API server on a free loopback port that the real kubectl talks to:
// discovery, namespaces, pods, deployments (JSON and the Tables `kubectl get` prints), pod logs
// (with follow) and `kubectl exec [-it]` over the WebSocket remotecommand protocol, backed by a
// real local bash. Tests change the cluster's state (pods not Running, restarts, ready replicas,
// log lines) through `cluster`. HTTPS with a throwaway self-signed certificate (made by openssl,
// trusted through the kubeconfig's certificate-authority-data) and a bearer token: kubectl sends
// no bearer token to a plain http:// server, and the token proves it used the kubeconfig.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { createServer } from 'node:https'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import type { Duplex } from 'node:stream'
import { FixtureCluster } from './kubeApi/cluster'
import { ExecServer } from './kubeApi/exec'
import { KubeRoutes } from './kubeApi/routes'
import { removeDir, trackDir } from './processes'

export { FixtureCluster, type FixturePod, type FixtureDeployment } from './kubeApi/cluster'

export const KUBECTL_PATH = '/usr/bin/kubectl'
export const OPENSSL_PATH = '/usr/bin/openssl'

/** A self-signed certificate for 127.0.0.1, its own CA (kubectl verifies it; no skip-verify). */
async function makeCertificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyPath = join(dir, 'server.key')
  const certPath = join(dir, 'server.crt')
  await promisify(execFile)(OPENSSL_PATH, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    '/CN=sitrep-kube-fixture',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
  ])
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) }
}

export interface KubeContextInfo {
  name: string
  namespace: string
}

export interface KubeApi {
  /** A kubeconfig (0600, in the fixture's temp dir) whose contexts all point at this server. */
  readonly kubeconfigPath: string
  /** Context names, the current one first. */
  readonly contexts: readonly string[]
  /** Each context with its default namespace. */
  readonly contextInfo: readonly KubeContextInfo[]
  readonly currentContext: string
  /** `https://127.0.0.1:PORT` */
  readonly url: string
  readonly port: number
  readonly token: string
  readonly dir: string
  /** KUBECONFIG plus a discovery cache dir inside the fixture (not ~/.kube/cache). */
  readonly env: Readonly<Record<string, string>>
  /** The objects kubectl sees; change them to set up a scenario. */
  readonly cluster: FixtureCluster
  /** `METHOD path?query` of every request, for tests that check what kubectl asked. */
  readonly requests: readonly string[]
  /** The PATCH bodies received (deployments only), in order. */
  readonly patches: ReadonlyArray<{ namespace: string; name: string; patch: unknown }>
  /** Closes the server, ends log streams, kills exec processes, removes the temp dir. Idempotent. */
  stop(): Promise<void>
}

export interface StartKubeApiOptions {
  /** Start with no namespaces, pods or deployments instead of the default seed. */
  empty?: boolean
}

const CONTEXTS: readonly KubeContextInfo[] = [
  { name: 'fixture-staging', namespace: 'default' },
  { name: 'fixture-prod', namespace: 'payments' },
]

export async function startKubeApi(opts: StartKubeApiOptions = {}): Promise<KubeApi> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-kubeapi-'))
  trackDir(dir)
  const token = randomBytes(16).toString('hex')
  const cluster = new FixtureCluster()
  if (!opts.empty) cluster.seed()
  const tls = await makeCertificate(dir).catch((err: unknown) => {
    removeDir(dir)
    throw err
  })
  const execServer = new ExecServer(dir)
  const routes = new KubeRoutes(cluster, token, execServer)
  const server = createServer(tls, (req, res) => routes.handle(req, res))
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    routes.upgrade(req, socket, head),
  )

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const addr = server.address()
      if (addr === null || typeof addr === 'string')
        reject(new Error('kube fixture: no TCP address'))
      else resolve(addr.port)
    })
  })
  routes.port = port
  const url = `https://127.0.0.1:${port}`
  const kubeconfigPath = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfigPath,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'fixture',
          cluster: { server: url, 'certificate-authority-data': tls.cert.toString('base64') },
        },
      ],
      users: [{ name: 'fixture-admin', user: { token } }],
      contexts: CONTEXTS.map((c) => ({
        name: c.name,
        context: { cluster: 'fixture', user: 'fixture-admin', namespace: c.namespace },
      })),
      'current-context': CONTEXTS[0]?.name,
      preferences: {},
    }),
    { mode: 0o600 },
  )

  let stopped: Promise<void> | undefined
  return {
    kubeconfigPath,
    contexts: CONTEXTS.map((c) => c.name),
    contextInfo: CONTEXTS,
    currentContext: CONTEXTS[0]?.name as string,
    url,
    port,
    token,
    dir,
    env: { KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache') },
    cluster,
    requests: routes.requests,
    patches: routes.patches,
    stop() {
      stopped ??= (async () => {
        execServer.close()
        routes.endStreams()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        removeDir(dir)
      })()
      return stopped
    },
  }
}
