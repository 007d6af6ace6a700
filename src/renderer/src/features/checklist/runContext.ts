// What every Run button of a runbook shares: the chosen targets (as refs and as the names the
// confirmation must list), the mode, and the parameter values typed so far.
import type { RunTargetRef } from '../../../../shared/contract'
import type { NamedTarget } from './targetSelection'

export interface RunContext {
  mode: 'captured' | 'pane'
  refs: RunTargetRef[]
  names: NamedTarget[]
  values: Record<string, string>
  /** Non-empty values, sent with each run so they are remembered for the incident. */
  filledValues(): Record<string, string>
  /** Edits one value from a step (the same values the parameter form shows). */
  setValue(name: string, value: string): void
}
