// Builds the kubectl invocations of a kubectl target: `exec -it` into a pod, `logs -f`, or the
// responder's shell with KUBECONFIG, context and namespace preset; and the captured reads the
// form offers to pick from (namespaces, pods). kubectl runs locally and reads the kubeconfig
// itself, so Sitrep never handles the cluster's credentials.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { stringify } from 'yaml'
import type { KubectlTarget, KubePod, KubeContext } from '../../../../shared/contract'
import { InvalidParamsError, SessionFailedError } from '../../errors'
import { defaultShell } from '../localShell'
import { defaultKubeconfigPath, KubeconfigError, readKubeconfig } from './kubeconfig'

/** kubectl from PATH, or SITREP_KUBECTL (a full path) when set. */
export function kubectlBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITREP_KUBECTL?.trim() || 'kubectl'
}

export interface KubectlSpawn {
  title: string
  file: string
  args: string[]
  env: Record<string, string>
  /** Removes what the spawn left on disk (the shell mode's context overlay). */
  cleanup(): void
}

export interface KubectlOpen {
  mode: 'exec' | 'logs' | 'shell'
  namespace?: string | undefined
  pod?: string | undefined
  container?: string | undefined
}

function contextOf(target: KubectlTarget): { path: string; context: KubeContext } {
  const path = target.kubeconfigPath ?? defaultKubeconfigPath()
  const view = readKubeconfig(path)
  const context = view.contexts.find((c) => c.name === target.context)
  if (!context) {
    throw new KubeconfigError(
      `The context ${target.context} is not in ${path} (it has ${view.contexts.map((c) => c.name).join(', ')}). Edit the target or the kubeconfig.`,
    )
  }
  return { path, context }
}

function namespaceFor(target: KubectlTarget, context: KubeContext, asked?: string): string {
  return asked ?? target.namespace ?? context.namespace ?? 'default'
}

export function kubectlSpawn(target: KubectlTarget, open: KubectlOpen): KubectlSpawn {
  const { path, context } = contextOf(target)
  const namespace = namespaceFor(target, context, open.namespace)
  const base = ['--context', target.context, '--namespace', namespace]
  const env = { KUBECONFIG: path }
  const kubectl = kubectlBinary()
  if (open.mode === 'shell') return shellSpawn(target, path, context, namespace)
  if (!open.pod)
    throw new InvalidParamsError(
      `Pick a pod to ${open.mode === 'exec' ? 'open a shell in' : 'follow the logs of'}.`,
    )
  const container = open.container ? ['--container', open.container] : []
  if (open.mode === 'logs') {
    return {
      title: `${target.name}: logs -f ${namespace}/${open.pod}`,
      file: kubectl,
      args: [...base, 'logs', '--follow', '--tail=200', ...container, open.pod],
      env,
      cleanup: () => undefined,
    }
  }
  // bash when the image has it, else sh: many images ship only a POSIX shell.
  const shell = ['sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh']
  return {
    title: `${target.name}: exec ${namespace}/${open.pod}`,
    file: kubectl,
    args: [...base, 'exec', '--stdin', '--tty', ...container, open.pod, '--', ...shell],
    env,
    cleanup: () => undefined,
  }
}

/**
 * The responder's shell with the target's context and namespace as kubectl's defaults. An
 * overlay kubeconfig names only the context (cluster and user by reference); KUBECONFIG lists
 * it before the real file, so kubectl merges both and no credential is copied anywhere.
 */
function shellSpawn(
  target: KubectlTarget,
  path: string,
  context: KubeContext,
  namespace: string,
): KubectlSpawn {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-kube-'))
  const overlay = join(dir, 'context.yaml')
  writeFileSync(
    overlay,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': target.context,
      contexts: [
        {
          name: target.context,
          context: { cluster: context.cluster, user: context.user, namespace },
        },
      ],
    }),
    { mode: 0o600 },
  )
  const shell = defaultShell()
  return {
    title: `${target.name}: shell (${target.context}/${namespace})`,
    file: shell.file,
    args: shell.args,
    env: { KUBECONFIG: `${overlay}${delimiter}${path}`, SITREP_KUBE_CONTEXT: target.context },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export class KubectlFailedError extends SessionFailedError {}

/** Runs a captured kubectl read (JSON output) against the target's context. */
/** namespace: null for cluster-wide reads, undefined for the target's own namespace. */
function kubectlJson(
  target: KubectlTarget,
  namespace: string | null | undefined,
  args: string[],
): Promise<unknown> {
  const { path, context } = contextOf(target)
  const ns = namespace === null ? [] : ['--namespace', namespaceFor(target, context, namespace)]
  const argv = ['--context', target.context, ...ns, '--request-timeout=15s', ...args, '-o', 'json']
  return new Promise((resolve, reject) => {
    execFile(
      kubectlBinary(),
      argv,
      { env: { ...process.env, KUBECONFIG: path }, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const why = (stderr.trim().split('\n').pop() ?? '') || err.message
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
          reject(
            new KubectlFailedError(
              missing
                ? 'kubectl was not found. Install kubectl, or set SITREP_KUBECTL to its full path.'
                : `kubectl ${args.join(' ')} failed for ${target.name}: ${why}`,
              { cause: err },
            ),
          )
          return
        }
        try {
          resolve(JSON.parse(stdout))
        } catch (e) {
          reject(
            new KubectlFailedError(`kubectl returned something that is not JSON.`, { cause: e }),
          )
        }
      },
    )
  })
}

interface PodJson {
  metadata: { name: string; namespace: string }
  spec?: { containers?: { name: string }[] }
  status?: { phase?: string; containerStatuses?: { ready?: boolean; restartCount?: number }[] }
}

export async function listPods(target: KubectlTarget, namespace?: string): Promise<KubePod[]> {
  const list = (await kubectlJson(target, namespace, ['get', 'pods'])) as { items?: PodJson[] }
  return (list.items ?? []).map((p) => {
    const statuses = p.status?.containerStatuses ?? []
    return {
      name: p.metadata.name,
      namespace: p.metadata.namespace,
      phase: p.status?.phase ?? 'Unknown',
      ready: statuses.length > 0 && statuses.every((s) => s.ready === true),
      restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
      containers: (p.spec?.containers ?? []).map((c) => c.name),
    }
  })
}

export async function listNamespaces(target: KubectlTarget): Promise<string[]> {
  const list = (await kubectlJson(target, null, ['get', 'namespaces'])) as {
    items?: { metadata: { name: string } }[]
  }
  return (list.items ?? []).map((n) => n.metadata.name).sort()
}
