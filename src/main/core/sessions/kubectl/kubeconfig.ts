// Reads a kubeconfig the way kubectl finds it ($KUBECONFIG's first file, else ~/.kube/config)
// and lists its contexts with their namespaces. Only names leave this module: the credentials in
// the file stay there and are read by kubectl itself.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { parseDocument } from 'yaml'
import type { KubeconfigView, KubeContext } from '../../../../shared/contract'
import { SitrepError } from '../../errors'

export class KubeconfigError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_params', message, options)
  }
}

/** The file kubectl would read: the first entry of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find((p) => p.trim() !== '')
  return first ?? join(homedir(), '.kube', 'config')
}

interface Named<T> {
  name?: unknown
  context?: T
  cluster?: T
}

function entries<T>(value: unknown): Named<T>[] {
  return Array.isArray(value) ? (value as Named<T>[]) : []
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/** Parses kubeconfig text; `path` names the file in errors. */
export function parseKubeconfig(text: string, path: string): KubeconfigView {
  const doc = parseDocument(text)
  const err = doc.errors[0]
  if (err) {
    const line = err.linePos?.[0]?.line
    throw new KubeconfigError(
      `${path} is not valid YAML${line ? ` (line ${line})` : ''}: ${err.message.split('\n')[0] ?? ''}. Fix the file or point the target at another kubeconfig.`,
    )
  }
  const data = doc.toJS() as Record<string, unknown> | null
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new KubeconfigError(`${path} is not a kubeconfig (expected a mapping with contexts).`)
  }
  const servers = new Map<string, string>()
  for (const c of entries<{ server?: unknown }>(data.clusters)) {
    const name = str(c.name)
    const server = str(c.cluster?.server)
    if (name && server) servers.set(name, server)
  }
  const contexts: KubeContext[] = []
  for (const c of entries<{ cluster?: unknown; user?: unknown; namespace?: unknown }>(
    data.contexts,
  )) {
    const name = str(c.name)
    if (!name) continue
    const cluster = str(c.context?.cluster) ?? ''
    contexts.push({
      name,
      cluster,
      user: str(c.context?.user) ?? '',
      namespace: str(c.context?.namespace),
      server: servers.get(cluster) ?? null,
    })
  }
  if (contexts.length === 0) {
    throw new KubeconfigError(
      `${path} has no contexts. Add one with "kubectl config set-context", or choose another kubeconfig.`,
    )
  }
  return { path, currentContext: str(data['current-context']), contexts }
}

export function readKubeconfig(path: string = defaultKubeconfigPath()): KubeconfigView {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable'
          : `could not be read (${code ?? String(err)})`
    throw new KubeconfigError(`The kubeconfig ${path} ${why}. Check the path in the target.`, {
      cause: err,
    })
  }
  return parseKubeconfig(text, path)
}
