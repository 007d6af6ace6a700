// Timeline rows for runbook events: which runbook started, what ran where with which exit
// codes (the excerpts as the detail text), and steps ticked by hand or by a run.
import type { JsonObject, JsonValue } from '../../../../shared/contract'
import type { Translate } from '../../i18n/locale'

const text = (v: JsonValue | undefined): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : ''

function targetsOf(p: JsonObject): JsonObject[] {
  const list = p.targets
  return Array.isArray(list)
    ? list.filter((x): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x))
    : []
}

export function describeRunbookEvent(
  t: Translate,
  kind: string,
  p: JsonObject,
): { summary: string; body: string | null } {
  switch (kind) {
    case 'runbook.started':
      return {
        summary: t('summary.runbookStarted', { title: text(p.title), version: text(p.version) }),
        body: null,
      }
    case 'command.ran': {
      const targets = targetsOf(p)
      const results = targets
        .map((x) => `${text(x.name)}: ${x.exitCode === null ? '—' : text(x.exitCode)}`)
        .join(', ')
      const command = text(p.command).split('\n')[0] ?? ''
      const body = [
        `$ ${text(p.command)}`,
        ...targets.map(
          (x) =>
            `--- ${text(x.name)} (exit ${x.exitCode === null ? '—' : text(x.exitCode)}, ${text(x.durationMs)} ms)\n${text(x.error) || text(x.output)}`,
        ),
        ...(p.confirmedBy ? [`confirmed by ${text(p.confirmedBy)}`] : []),
      ].join('\n')
      return {
        summary: t('summary.commandRan', {
          command: command.length > 120 ? `${command.slice(0, 120)}…` : command,
          results,
        }),
        body,
      }
    }
    default: {
      const step = text(p.step)
      const comment = text(p.comment)
      return {
        summary: `${t(p.auto === true ? 'summary.tickedAuto' : 'summary.ticked', { step })}${comment ? ` — ${comment}` : ''}`,
        body: null,
      }
    }
  }
}
