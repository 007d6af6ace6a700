// Kubernetes through kubectl's JSON (`kubectl get pods,deployments -o json`): pods not Running,
// container restarts, and ready against desired replicas per deployment. kubectl rather than a
// client library so the responder's own kubeconfig, contexts and auth plugins just work. A
// deployment whose spec generation went up since the previous poll is a new rollout
// (`kubectl rollout restart`, `set image`, `apply`, whoever ran it): a `k8s.rollout` event,
// which the rollback rule takes as a deploy.
import { execFile } from 'node:child_process'
import {
  MetricSourceError,
  type Collector,
  type PollContext,
  type PollResult,
  type Sample,
  type SourceEvent,
} from '../collector'

export const ROLLOUT_EVENT = 'k8s.rollout'

export interface KubeSettings {
  kubeconfig: string
  context: string
  namespace: string
  /** kubectl binary; tests may point elsewhere. */
  kubectl?: string
  /** Extra environment for kubectl (e.g. KUBECACHEDIR), over the app's own. */
  env?: Readonly<Record<string, string>>
}

interface KubeItem {
  kind?: string
  metadata?: { name?: string; namespace?: string; generation?: number }
  spec?: {
    replicas?: number
    template?: {
      metadata?: { annotations?: Record<string, string> }
      spec?: { containers?: { image?: string }[] }
    }
  }
  status?: {
    phase?: string
    readyReplicas?: number
    replicas?: number
    availableReplicas?: number
    containerStatuses?: { restartCount?: number; ready?: boolean }[]
  }
}

function parseList(json: string): { items?: KubeItem[] } {
  try {
    return JSON.parse(json) as { items?: KubeItem[] }
  } catch {
    throw new MetricSourceError(`kubectl did not print JSON: ${json.slice(0, 200)}`)
  }
}

/** Each deployment's spec generation and what its pods run, by `namespace/name`. */
export interface DeploymentSpecSeen {
  generation: number
  images: string[]
  restartedAt: string | null
}

export function deploymentSpecs(json: string): Map<string, DeploymentSpecSeen> {
  const out = new Map<string, DeploymentSpecSeen>()
  for (const item of parseList(json).items ?? []) {
    if (item.kind !== 'Deployment' || typeof item.metadata?.generation !== 'number') continue
    const template = item.spec?.template
    out.set(`${item.metadata.namespace ?? ''}/${item.metadata.name ?? ''}`, {
      generation: item.metadata.generation,
      images: (template?.spec?.containers ?? []).map((c) => c.image ?? '').filter(Boolean),
      restartedAt: template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? null,
    })
  }
  return out
}

/**
 * Deployments whose generation went up between two polls. The first poll only remembers: a
 * source added during an incident does not call every past rollout new.
 */
export function rolloutEvents(
  before: Map<string, DeploymentSpecSeen> | null,
  now: Map<string, DeploymentSpecSeen>,
): SourceEvent[] {
  if (!before) return []
  const events: SourceEvent[] = []
  for (const [key, spec] of now) {
    const old = before.get(key)
    if (!old || spec.generation <= old.generation) continue
    const [namespace = '', deployment = ''] = key.split('/')
    const changedImages = spec.images.filter((i) => !old.images.includes(i))
    events.push({
      kind: ROLLOUT_EVENT,
      payload: {
        namespace,
        deployment,
        generation: spec.generation,
        images: spec.images,
        // A new image names the version; a restart changes only the annotation.
        image: changedImages[0] ?? null,
        restarted: spec.restartedAt !== null && spec.restartedAt !== old.restartedAt,
      },
    })
  }
  return events
}

/** The metrics in one `kubectl get pods,deployments -o json` answer. */
export function kubeSamples(json: string, allNamespaces: boolean): Sample[] {
  const list = parseList(json)
  let pods = 0
  let notRunning = 0
  let notReady = 0
  let restarts = 0
  let unready = 0
  const samples: Sample[] = []
  for (const item of list.items ?? []) {
    if (item.kind === 'Pod') {
      pods++
      const phase = item.status?.phase ?? 'Unknown'
      // A finished Job's pod (Succeeded) is not a problem.
      if (phase !== 'Running' && phase !== 'Succeeded') notRunning++
      const cs = item.status?.containerStatuses ?? []
      if (phase === 'Running' && cs.some((c) => c.ready === false)) notReady++
      for (const c of cs) restarts += c.restartCount ?? 0
    } else if (item.kind === 'Deployment') {
      const name = allNamespaces
        ? `${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`
        : (item.metadata?.name ?? '')
      const desired = item.spec?.replicas ?? item.status?.replicas ?? 0
      const ready = item.status?.readyReplicas ?? 0
      if (ready < desired) unready++
      const key = name.replace(/[^A-Za-z0-9_./-]+/g, '_')
      samples.push({ metric: `k8s.deploy.${key}.ready`, value: ready })
      samples.push({ metric: `k8s.deploy.${key}.desired`, value: desired })
    }
  }
  samples.unshift(
    { metric: 'k8s.pods', value: pods },
    { metric: 'k8s.pods_not_running', value: notRunning },
    { metric: 'k8s.pods_not_ready', value: notReady },
    { metric: 'k8s.restarts', value: restarts },
    { metric: 'k8s.deployments_unready', value: unready },
  )
  return samples
}

export function kubectlArgs(s: KubeSettings): string[] {
  const args = ['get', 'pods,deployments', '-o', 'json', '--request-timeout=0']
  if (s.namespace) args.push('--namespace', s.namespace)
  else args.push('--all-namespaces')
  if (s.kubeconfig) args.push('--kubeconfig', s.kubeconfig)
  if (s.context) args.push('--context', s.context)
  return args
}

export class KubernetesCollector implements Collector {
  private specs: Map<string, DeploymentSpecSeen> | null = null

  constructor(private readonly s: KubeSettings) {}

  poll(ctx: PollContext): Promise<PollResult> {
    const args = kubectlArgs(this.s)
    // kubectl's own timeout just under ours, so its message ("context deadline exceeded") shows.
    args[args.indexOf('--request-timeout=0')] =
      `--request-timeout=${Math.max(1, Math.floor(ctx.timeoutMs / 1000) - 0)}s`
    return new Promise((resolve, reject) => {
      execFile(
        this.s.kubectl ?? 'kubectl',
        args,
        { signal: ctx.signal, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...this.s.env } },
        (err, stdout, stderr) => {
          if (err) {
            if (ctx.signal.aborted) return reject(ctx.signal.reason as Error)
            const enoent = (err as NodeJS.ErrnoException).code === 'ENOENT'
            return reject(
              new MetricSourceError(
                enoent
                  ? 'kubectl is not installed or not on PATH.'
                  : `kubectl failed: ${(stderr || err.message).trim().slice(0, 400)}`,
                { cause: err },
              ),
            )
          }
          try {
            const samples = kubeSamples(stdout, !this.s.namespace)
            const specs = deploymentSpecs(stdout)
            const events = rolloutEvents(this.specs, specs)
            this.specs = specs
            resolve({ samples, metricErrors: [], events })
          } catch (e) {
            reject(e as Error)
          }
        },
      )
    })
  }

  close(): void {
    // Nothing held between polls.
  }
}
