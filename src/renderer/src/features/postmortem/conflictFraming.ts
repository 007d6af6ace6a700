// The words of a postmortem conflict notice as this laptop sees it (#18): whose edit it names,
// which versions it shows, and "keep mine" / "take theirs" (a third laptop keeps the draft's or
// takes one). Pure, so the three points of view are tested without a browser.
import type { PostmortemConflictView, PostmortemVersion } from '../../../../shared/contract'
import type { Translate } from '../../i18n/locale'

export interface ConflictAction {
  label: string
  value: unknown
  testId: string
}

const who = (v: PostmortemVersion): string => v.actor ?? v.author

/**
 * What the notice says on this laptop: whose edit it names (the other side), which versions it
 * shows (those not in the draft), and the choices, "keep mine" first. Exported for tests.
 */
export function conflictFraming(
  c: PostmortemConflictView,
  t: Translate,
): {
  name: string
  at: number
  shown: { version: PostmortemVersion; label: string }[]
  actions: ConflictAction[]
} {
  const mineOverridden = c.others.some((o) => o.self)
  // The other side: the draft's author when my version was overridden, else the overridden.
  const named = mineOverridden ? [c.current] : c.others
  const shown = c.others.map((o) => ({
    version: o,
    label: o.self
      ? t('team.pm.conflict.yours')
      : c.current.self
        ? t('team.pm.conflict.theirs')
        : t('team.pm.conflict.other', { name: who(o) }),
  }))
  // "Mine" and "theirs" as this laptop sees them; a third laptop keeps the draft's or takes one.
  const choice = (v: PostmortemVersion, inDraft: boolean): ConflictAction =>
    v.self
      ? { label: t('team.pm.conflict.keepMine'), value: v.value, testId: 'pm-conflict-keep-mine' }
      : c.current.self || mineOverridden
        ? {
            label: t('team.pm.conflict.takeTheirs'),
            value: v.value,
            testId: 'pm-conflict-take-theirs',
          }
        : inDraft
          ? {
              label: t('team.pm.conflict.keepCurrent'),
              value: v.value,
              testId: 'pm-conflict-keep-current',
            }
          : {
              label: t('team.pm.conflict.takeOther', { name: who(v) }),
              value: v.value,
              testId: 'pm-conflict-take-other',
            }
  const all = [choice(c.current, true), ...c.others.map((o) => choice(o, false))]
  const actions = [
    ...all.filter((a) => a.testId === 'pm-conflict-keep-mine'),
    ...all.filter((a) => a.testId !== 'pm-conflict-keep-mine'),
  ]
  return {
    name: [...new Set(named.map(who))].join(', '),
    at: Math.max(...named.map((v) => v.at)),
    shown,
    actions,
  }
}

/** A section's value as text for the notice (lists one item a line; data loss as its words). */
export function conflictText(section: string, value: unknown, t: Translate): string {
  if (section === 'dataLoss' && (value === 'yes' || value === 'no' || value === 'unknown'))
    return t(`postmortem.dataLoss.${value}`)
  if (typeof value === 'string') return value.length ? value : t('team.pm.conflict.empty')
  if (Array.isArray(value))
    return value.length
      ? value
          .map((x, i) =>
            typeof x === 'string'
              ? `${i + 1}. ${x}`
              : typeof x === 'object' && x !== null && 'title' in x
                ? `• ${String((x as { title: unknown }).title)}`
                : `• ${JSON.stringify(x)}`,
          )
          .join('\n')
      : t('team.pm.conflict.empty')
  return JSON.stringify(value)
}
