// Where a command runs: saved SSH hosts (one, or all with a tag), kubectl contexts, psql
// databases and AWS profiles, this machine, or open panes; and the rule that decides when the responder's
// explicit yes naming every target is needed. The rule lives here, in core, not in the UI:
// - on a production target of any kind (and a pane of one), everything not read-only asks;
// - elsewhere, state-changing commands and text that could not be parsed ask;
// - a block the author marked {confirm} always asks.
import type { RunConfirmation, RunTargetRef } from '../../../shared/runbookSchemas'
import { InvalidParamsError } from '../errors'
import { awsProfileTarget } from '../aws/domain'
import type { Store } from '../store/store'
import { ServiceTargets } from '../targets/serviceTargets'
import { isProduction } from '../targets/targets'
import type { JudgedCommand } from './dangerous'
import { ConfirmationRequiredError } from './errors'
import type { CommandClass } from './verdict'

export interface ResolvedTarget {
  kind: 'ssh' | 'local' | 'pane' | 'kubectl' | 'psql' | 'aws'
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
      case 'kubectl': {
        const t = new ServiceTargets(store).kubectl(ref.targetId)
        add({ kind: 'kubectl', ref: t.id, name: t.name, production: t.production })
        break
      }
      case 'psql': {
        const t = new ServiceTargets(store).psql(ref.targetId)
        add({ kind: 'psql', ref: t.id, name: t.name, production: t.production })
        break
      }
      case 'aws': {
        const t = awsProfileTarget(store, ref.targetId)
        add({ kind: 'aws', ref: t.id, name: t.name, production: t.production })
        break
      }
      case 'pane': {
        const pane = panes.pane(ref.sessionId)
        const production = pane.targetId ? paneProduction(store, pane.targetId) : false
        add({ kind: 'pane', ref: ref.sessionId, name: pane.title, production })
        break
      }
    }
  }
  return out
}

/**
 * Whether the saved target behind a pane is production, whatever its kind (SSH host, kubectl
 * context, psql database). A target removed while its pane stayed open counts as production:
 * nothing is known about it, so it asks.
 */
function paneProduction(store: Store, targetId: string): boolean {
  const row = store.db.prepare('SELECT tags FROM targets WHERE id = ?').get(targetId) as
    { tags: string } | undefined
  if (!row) return true
  return isProduction(JSON.parse(row.tags) as string[])
}

export interface DangerFacts {
  /** The most serious class among the commands about to run. */
  class: CommandClass
  /** Some text could not be parsed: never treated as harmless. */
  parseError: boolean
  /** The commands that are not read-only, each with its reason. */
  commands: JudgedCommand[]
  /** The runbook's author asked for confirmation (`{confirm}` on the block). */
  authorConfirm: boolean
}

/** Whether these commands on these targets need the responder's yes. */
export function confirmationNeeded(danger: DangerFacts, targets: ResolvedTarget[]): boolean {
  const production = targets.some((t) => t.production)
  return (
    danger.authorConfirm ||
    danger.class === 'state-changing' ||
    danger.parseError ||
    (production && danger.class !== 'read-only')
  )
}

/**
 * Refuses unless `confirmation` names exactly the targets about to run, when
 * `confirmationNeeded` says so. Returns who confirmed (or null).
 */
export function checkConfirmation(
  danger: DangerFacts,
  targets: ResolvedTarget[],
  confirmation: RunConfirmation | undefined,
): string | null {
  const reasons = danger.commands.map(
    (c) => `${c.command} (${c.class}${c.reason ? `: ${c.reason}` : ''})`,
  )
  if (danger.parseError) reasons.push('some of the text could not be parsed')
  if (danger.authorConfirm) reasons.push('the runbook marks this command as needing confirmation')
  const production = targets.filter((t) => t.production).map((t) => t.name)
  if (production.length > 0) reasons.push(`production target: ${production.join(', ')}`)
  if (!confirmationNeeded(danger, targets)) return confirmation?.by ?? null
  const named = new Set(confirmation?.targets ?? [])
  const names = targets.map((t) => t.name)
  // Exactly the targets about to run: a yes given for another selection does not count.
  const exact = names.every((n) => named.has(n)) && named.size === new Set(names).size
  if (!confirmation || !exact) {
    throw new ConfirmationRequiredError(names, reasons)
  }
  return confirmation.by
}
