// Kubernetes through kubectl's JSON (`kubectl get pods,deployments -o json`): pods not Running,
// container restarts, and ready against desired replicas per deployment. kubectl rather than a
// client library so the responder's own kubeconfig, contexts and auth plugins just work.
import { execFile } from 'node:child_process'
import { MetricSourceError, type Collector, type PollContext, type Sample } from '../collector'

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
  metadata?: { name?: string; namespace?: string }
  spec?: { replicas?: number }
  status?: {
    phase?: string
    readyReplicas?: number
    replicas?: number
    availableReplicas?: number
    containerStatuses?: { restartCount?: number; ready?: boolean }[]
  }
}

/** The metrics in one `kubectl get pods,deployments -o json` answer. */
export function kubeSamples(json: string, allNamespaces: boolean): Sample[] {
  let list: { items?: KubeItem[] }
  try {
    list = JSON.parse(json) as { items?: KubeItem[] }
  } catch {
    throw new MetricSourceError(`kubectl did not print JSON: ${json.slice(0, 200)}`)
  }
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
  constructor(private readonly s: KubeSettings) {}

  poll(ctx: PollContext): Promise<Sample[]> {
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
            resolve(kubeSamples(stdout, !this.s.namespace))
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
