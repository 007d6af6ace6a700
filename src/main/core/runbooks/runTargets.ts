// Where a command runs: saved SSH hosts (one, or all with a tag), this machine, or open panes;
// and the rule that a dangerous command or a production target needs the responder's explicit
// yes naming every target. The rule lives here, in core, not in the UI.
import type { RunConfirmation, RunTargetRef } from '../../../shared/runbookSchemas'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Store } from '../store/store'
import { ConfirmationRequiredError } from './errors'

export interface ResolvedTarget {
  kind: 'ssh' | 'local' | 'pane'
  /** Target id, session id, or 'local'. */
  ref: string
  name: string
  production: boolean
}

export interface PaneLookup {
  /** The pane's title and the saved target it is connected to (null for a local shell). */
  pane(sessionId: string): { title: string; targetId: string | null }
}

export function resolveTargets(
  refs: RunTargetRef[],
  mode: 'captured' | 'pane',
  store: Store,
  panes: PaneLookup,
): ResolvedTarget[] {
  const out: ResolvedTarget[] = []
  const add = (t: ResolvedTarget): void => {
    if (!out.some((o) => o.kind === t.kind && o.ref === t.ref)) out.push(t)
  }
  for (const ref of refs) {
    if (mode === 'pane' && ref.kind !== 'pane') {
      throw new InvalidParamsError(
        'Running in the pane needs open panes as targets; pick panes, or run it as a captured command.',
      )
    }
    if (mode === 'captured' && ref.kind === 'pane') {
      throw new InvalidParamsError(
        'A pane is a target only when running in the pane; pick hosts for a captured run.',
      )
    }
    switch (ref.kind) {
      case 'ssh': {
        const t = store.targets.get(ref.targetId)
        add({ kind: 'ssh', ref: t.id, name: t.name, production: t.production })
        break
      }
      case 'tag': {
        const tagged = store.targets.list().filter((t) => t.tags.includes(ref.tag))
        if (tagged.length === 0) {
          throw new InvalidParamsError(
            `No saved host has the tag "${ref.tag}". Tag hosts in the Hosts panel, or pick them one by one.`,
          )
        }
        for (const t of tagged) {
          add({ kind: 'ssh', ref: t.id, name: t.name, production: t.production })
        }
        break
      }
      case 'local':
        add({ kind: 'local', ref: 'local', name: 'local', production: false })
        break
      case 'pane': {
        const pane = panes.pane(ref.sessionId)
        let production = false
        if (pane.targetId) {
          try {
            production = store.targets.get(pane.targetId).production
          } catch (err) {
            // The host was removed while its pane stayed open: judge it by nothing we know.
            if (!(err instanceof NotFoundError)) throw err
          }
        }
        add({ kind: 'pane', ref: ref.sessionId, name: pane.title, production })
        break
      }
    }
  }
  return out
}

export interface DangerFacts {
  dangerous: boolean
  reasons: string[]
  /** The runbook's author asked for confirmation (`{confirm}` on the block). */
  authorConfirm: boolean
}

/**
 * Refuses unless `confirmation` names every target, when the command is dangerous, the author
 * asked for confirmation, or any target is production. Returns who confirmed (or null).
 */
export function checkConfirmation(
  danger: DangerFacts,
  targets: ResolvedTarget[],
  confirmation: RunConfirmation | undefined,
): string | null {
  const reasons = [...danger.reasons]
  if (danger.authorConfirm) reasons.push('the runbook marks this command as needing confirmation')
  const production = targets.filter((t) => t.production).map((t) => t.name)
  if (production.length > 0) reasons.push(`production target: ${production.join(', ')}`)
  const needed = danger.dangerous || danger.authorConfirm || production.length > 0
  if (!needed) return confirmation?.by ?? null
  const named = new Set(confirmation?.targets ?? [])
  const names = targets.map((t) => t.name)
  // Exactly the targets about to run: a yes given for another selection does not count.
  const exact = names.every((n) => named.has(n)) && named.size === new Set(names).size
  if (!confirmation || !exact) {
    throw new ConfirmationRequiredError(names, reasons)
  }
  return confirmation.by
}
