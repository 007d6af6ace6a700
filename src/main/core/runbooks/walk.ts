// Flat views of the section tree, for the checklist progress and the step runner.
import type { Command, Runbook, Section, Step } from './types'

export function allSections(runbook: Runbook): Section[] {
  const out: Section[] = []
  const visit = (s: Section): void => {
    out.push(s)
    s.children.forEach(visit)
  }
  runbook.sections.forEach(visit)
  return out
}

export function allSteps(runbook: Runbook): Step[] {
  return allSections(runbook).flatMap((s) => s.steps)
}

/** Every command in file order, whether it stands in a section or under a step. */
export function allCommands(runbook: Runbook): Command[] {
  return allSections(runbook)
    .flatMap((s) => [...s.commands, ...s.steps.flatMap((st) => st.commands)])
    .sort((a, b) => a.line - b.line)
}
