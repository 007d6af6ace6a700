// Server-side printing: `kubectl get` asks for meta.k8s.io Tables and prints their cells as is,
// so the columns here are what a responder sees in the terminal.
import { age, type FixtureCluster, type FixtureDeployment, type FixturePod } from './cluster'

interface Column {
  name: string
  type: string
  format?: string
  priority?: number
}

function table(
  cluster: FixtureCluster,
  columns: Column[],
  rows: { cells: unknown[]; object: Record<string, unknown> }[],
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: cluster.version },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows,
  }
}

function podStatus(p: FixturePod): string {
  return (
    p.waitingReason ??
    (p.phase === 'Succeeded' ? 'Completed' : p.phase === 'Failed' ? 'Error' : p.phase)
  )
}

export function podTable(cluster: FixtureCluster, pods: FixturePod[]): Record<string, unknown> {
  return table(
    cluster,
    [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Ready', type: 'string' },
      { name: 'Status', type: 'string' },
      { name: 'Restarts', type: 'string' },
      { name: 'Age', type: 'string' },
      { name: 'IP', type: 'string', priority: 1 },
      { name: 'Node', type: 'string', priority: 1 },
    ],
    pods.map((p) => {
      const n = p.containers.length
      return {
        cells: [
          p.name,
          `${p.ready ? n : 0}/${n}`,
          podStatus(p),
          String(p.restarts),
          age(p.createdAt),
          '10.0.0.10',
          p.nodeName,
        ],
        object: cluster.podJson(p),
      }
    }),
  )
}

export function deploymentTable(
  cluster: FixtureCluster,
  deps: FixtureDeployment[],
): Record<string, unknown> {
  return table(
    cluster,
    [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Ready', type: 'string' },
      { name: 'Up-to-date', type: 'integer' },
      { name: 'Available', type: 'integer' },
      { name: 'Age', type: 'string' },
    ],
    deps.map((d) => ({
      cells: [
        d.name,
        `${d.readyReplicas}/${d.replicas}`,
        d.updatedReplicas,
        d.availableReplicas,
        age(d.createdAt),
      ],
      object: cluster.deploymentJson(d),
    })),
  )
}

export function namespaceTable(cluster: FixtureCluster, names: string[]): Record<string, unknown> {
  return table(
    cluster,
    [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Status', type: 'string' },
      { name: 'Age', type: 'string' },
    ],
    names.map((n) => ({ cells: [n, 'Active', '30d'], object: cluster.namespaceJson(n) })),
  )
}
