// What the responder picked to run on, turned into the contract's target refs and into the
// names core will check the confirmation against (the same names, so the dialog is the truth).
import type {
  AwsProfileTarget,
  RunTargetRef,
  SessionInfo,
  Target,
} from '../../../../shared/contract'

export interface TargetSelection {
  mode: 'captured' | 'pane'
  local: boolean
  hosts: string[]
  tags: string[]
  /** Saved AWS profiles (ids): the command runs here with that profile's environment. */
  aws: string[]
  panes: string[]
  /** Follow the panes selected for broadcast in the grid. */
  gridPanes: boolean
}

export const emptySelection: TargetSelection = {
  mode: 'captured',
  local: false,
  hosts: [],
  tags: [],
  aws: [],
  panes: [],
  gridPanes: false,
}

export function paneIds(sel: TargetSelection, gridTargets: readonly string[]): string[] {
  return [...new Set([...sel.panes, ...(sel.gridPanes ? gridTargets : [])])]
}

export function toRefs(sel: TargetSelection, gridTargets: readonly string[]): RunTargetRef[] {
  if (sel.mode === 'pane') {
    return paneIds(sel, gridTargets).map((sessionId) => ({ kind: 'pane', sessionId }))
  }
  return [
    ...(sel.local ? [{ kind: 'local' as const }] : []),
    ...sel.hosts.map((targetId) => ({ kind: 'ssh' as const, targetId })),
    ...sel.tags.map((tag) => ({ kind: 'tag' as const, tag })),
    ...sel.aws.map((targetId) => ({ kind: 'aws' as const, targetId })),
  ]
}

export interface NamedTarget {
  name: string
  production: boolean
}

export function resolveNames(
  sel: TargetSelection,
  targets: readonly Target[],
  panes: readonly SessionInfo[],
  gridTargets: readonly string[],
  awsProfiles: readonly AwsProfileTarget[] = [],
): NamedTarget[] {
  const out: NamedTarget[] = []
  const seen = new Set<string>()
  const add = (key: string, t: NamedTarget): void => {
    if (seen.has(key)) return
    seen.add(key)
    out.push(t)
  }
  if (sel.mode === 'pane') {
    for (const id of paneIds(sel, gridTargets)) {
      const p = panes.find((x) => x.id === id)
      if (p) add(`pane:${id}`, { name: p.title, production: false })
    }
    return out
  }
  if (sel.local) add('local', { name: 'local', production: false })
  for (const id of sel.hosts) {
    const t = targets.find((x) => x.id === id)
    if (t) add(`ssh:${t.id}`, { name: t.name, production: t.production })
  }
  for (const tag of sel.tags) {
    for (const t of targets.filter((x) => x.tags.includes(tag))) {
      add(`ssh:${t.id}`, { name: t.name, production: t.production })
    }
  }
  for (const id of sel.aws) {
    const p = awsProfiles.find((x) => x.id === id)
    if (p) add(`aws:${p.id}`, { name: p.name, production: p.production })
  }
  return out
}
