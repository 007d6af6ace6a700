// The fixture cluster's objects (namespaces, pods, deployments, pod logs) and their Kubernetes
// JSON: the state a test sets (a pod not Running, restarts, ready replicas) is what kubectl and
// the metrics collectors read back.
import { EventEmitter } from 'node:events'

export interface FixturePod {
  namespace: string
  name: string
  labels: Record<string, string>
  containers: string[]
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string
  ready: boolean
  restarts: number
  /** e.g. CrashLoopBackOff: the container is shown waiting with this reason. */
  waitingReason?: string
  nodeName: string
  createdAt: Date
  logs: string[]
}

export interface FixtureDeployment {
  namespace: string
  name: string
  /** matchLabels of the selector; also the pod template's labels. */
  selector: Record<string, string>
  replicas: number
  readyReplicas: number
  updatedReplicas: number
  availableReplicas: number
  createdAt: Date
  /** Bumped by each change of the spec (a PATCH): what `kubectl rollout` reads as a revision. */
  generation: number
  /** The pod template's annotations (`kubectl rollout restart` sets restartedAt). */
  templateAnnotations: Record<string, string>
}

export type PodSpec = Partial<FixturePod> & { namespace: string; name: string }
export type DeploymentSpec = Partial<FixtureDeployment> & { namespace: string; name: string }

const key = (namespace: string, name: string): string => `${namespace}/${name}`

/** Ages as kubectl prints them: 45s, 12m, 3h, 2d. */
export function age(from: Date, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - from.getTime()) / 1000))
  if (s < 120) return `${s}s`
  if (s < 7_200) return `${Math.floor(s / 60)}m`
  if (s < 172_800) return `${Math.floor(s / 3_600)}h`
  return `${Math.floor(s / 86_400)}d`
}

let uidCounter = 0
const uid = (): string => `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`

export class FixtureCluster {
  readonly namespaces = new Set<string>()
  readonly pods = new Map<string, FixturePod>()
  readonly deployments = new Map<string, FixtureDeployment>()
  /** Emits `log:<ns>/<pod>` with each appended line, for `logs -f` streams. */
  readonly logEvents = new EventEmitter()
  private resourceVersion = 1

  constructor() {
    this.logEvents.setMaxListeners(0)
  }

  get version(): string {
    return String(this.resourceVersion)
  }

  addNamespace(name: string): void {
    this.namespaces.add(name)
    this.resourceVersion++
  }

  addPod(spec: PodSpec): FixturePod {
    this.namespaces.add(spec.namespace)
    const pod: FixturePod = {
      labels: {},
      containers: ['app'],
      phase: 'Running',
      ready: true,
      restarts: 0,
      nodeName: 'fixture-node-1',
      createdAt: new Date(Date.now() - 3_600_000),
      logs: [],
      ...spec,
    }
    this.pods.set(key(spec.namespace, spec.name), pod)
    this.resourceVersion++
    return pod
  }

  /** Changes a pod's state (phase, readiness, restarts, waiting reason, labels). */
  setPod(
    namespace: string,
    name: string,
    patch: Partial<Omit<FixturePod, 'namespace' | 'name'>>,
  ): void {
    const pod = this.getPod(namespace, name)
    if (!pod) throw new Error(`fixture: no pod ${key(namespace, name)}`)
    Object.assign(pod, patch)
    this.resourceVersion++
  }

  removePod(namespace: string, name: string): void {
    this.pods.delete(key(namespace, name))
    this.resourceVersion++
  }

  getPod(namespace: string, name: string): FixturePod | undefined {
    return this.pods.get(key(namespace, name))
  }

  addDeployment(spec: DeploymentSpec): FixtureDeployment {
    this.namespaces.add(spec.namespace)
    const replicas = spec.replicas ?? 1
    const dep: FixtureDeployment = {
      selector: { app: spec.name },
      replicas,
      readyReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: replicas,
      createdAt: new Date(Date.now() - 86_400_000),
      generation: 1,
      templateAnnotations: {},
      ...spec,
    }
    this.deployments.set(key(spec.namespace, spec.name), dep)
    this.resourceVersion++
    return dep
  }

  setDeployment(
    namespace: string,
    name: string,
    patch: Partial<Omit<FixtureDeployment, 'namespace' | 'name'>>,
  ): void {
    const dep = this.getDeployment(namespace, name)
    if (!dep) throw new Error(`fixture: no deployment ${key(namespace, name)}`)
    Object.assign(dep, patch)
    this.resourceVersion++
  }

  /**
   * A merge patch of a deployment as kubectl sends it (`rollout restart` patches the template's
   * annotations): only the pod template's annotations are read; a spec change bumps generation.
   */
  patchDeployment(namespace: string, name: string, patch: unknown): FixtureDeployment | undefined {
    const dep = this.getDeployment(namespace, name)
    if (!dep) return undefined
    const annotations = (
      patch as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }
    ).spec?.template?.metadata?.annotations
    if (annotations) Object.assign(dep.templateAnnotations, annotations)
    dep.generation++
    this.resourceVersion++
    return dep
  }

  getDeployment(namespace: string, name: string): FixtureDeployment | undefined {
    return this.deployments.get(key(namespace, name))
  }

  /** Appends a line to a pod's log; `kubectl logs -f` streams receive it at once. */
  appendLog(namespace: string, pod: string, line: string): void {
    const p = this.getPod(namespace, pod)
    if (!p) throw new Error(`fixture: no pod ${key(namespace, pod)}`)
    p.logs.push(line)
    this.logEvents.emit(`log:${key(namespace, pod)}`, line)
  }

  listPods(namespace: string | undefined, selector: Record<string, string>): FixturePod[] {
    return [...this.pods.values()].filter(
      (p) => (namespace === undefined || p.namespace === namespace) && matches(p.labels, selector),
    )
  }

  listDeployments(
    namespace: string | undefined,
    selector: Record<string, string>,
  ): FixtureDeployment[] {
    return [...this.deployments.values()].filter(
      (d) =>
        (namespace === undefined || d.namespace === namespace) && matches(d.selector, selector),
    )
  }

  podJson(p: FixturePod): Record<string, unknown> {
    const started = p.createdAt.toISOString()
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: p.name,
        namespace: p.namespace,
        uid: uid(),
        resourceVersion: this.version,
        creationTimestamp: started,
        labels: p.labels,
      },
      spec: {
        nodeName: p.nodeName,
        containers: p.containers.map((name) => ({ name, image: `registry.local/${name}:1.0` })),
      },
      status: {
        phase: p.phase,
        podIP: '10.0.0.10',
        startTime: started,
        conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }],
        containerStatuses: p.containers.map((name) => ({
          name,
          ready: p.ready,
          restartCount: p.restarts,
          image: `registry.local/${name}:1.0`,
          state: p.waitingReason
            ? { waiting: { reason: p.waitingReason } }
            : p.phase === 'Running'
              ? { running: { startedAt: started } }
              : { terminated: { exitCode: p.phase === 'Succeeded' ? 0 : 1, reason: p.phase } },
        })),
      },
    }
  }

  deploymentJson(d: FixtureDeployment): Record<string, unknown> {
    return {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: d.name,
        namespace: d.namespace,
        uid: uid(),
        resourceVersion: this.version,
        creationTimestamp: d.createdAt.toISOString(),
        generation: d.generation,
      },
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: d.selector },
        template: {
          metadata: { labels: d.selector, annotations: { ...d.templateAnnotations } },
          spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0' }] },
        },
      },
      status: {
        observedGeneration: d.generation,
        replicas: d.replicas,
        readyReplicas: d.readyReplicas,
        updatedReplicas: d.updatedReplicas,
        availableReplicas: d.availableReplicas,
      },
    }
  }

  namespaceJson(name: string): Record<string, unknown> {
    return {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name,
        uid: uid(),
        resourceVersion: this.version,
        creationTimestamp: new Date(0).toISOString(),
      },
      status: { phase: 'Active' },
    }
  }

  /** The pods, deployments and namespace a fresh fixture starts with. */
  seed(): void {
    for (const ns of ['default', 'kube-system', 'payments']) this.addNamespace(ns)
    this.addDeployment({
      namespace: 'payments',
      name: 'api',
      selector: { app: 'api' },
      replicas: 2,
    })
    this.addDeployment({
      namespace: 'payments',
      name: 'worker',
      selector: { app: 'worker' },
      replicas: 1,
    })
    this.addDeployment({ namespace: 'default', name: 'web', selector: { app: 'web' }, replicas: 1 })
    this.addPod({ namespace: 'payments', name: 'api-7d9f8-abcde', labels: { app: 'api' } })
    this.addPod({ namespace: 'payments', name: 'api-7d9f8-fghij', labels: { app: 'api' } })
    this.addPod({ namespace: 'payments', name: 'worker-5c6b7-klmno', labels: { app: 'worker' } })
    this.addPod({ namespace: 'default', name: 'web-6f7d8-pqrst', labels: { app: 'web' } })
    for (const p of this.pods.values()) {
      p.logs.push(`${p.name} started`, `${p.name} listening on :8080`)
    }
  }
}

function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v)
}

/** `app=api,tier=web` (equality only; the fixture does not need set-based selectors). */
export function parseSelector(raw: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!raw) return out
  for (const part of raw.split(',')) {
    const m = /^\s*([^=!\s]+)\s*==?\s*(\S*)\s*$/.exec(part)
    if (m) out[m[1] as string] = m[2] as string
  }
  return out
}
