// A postmortem section two responders edited at the same time (#18): the draft holds the later
// edit and the other version would only be a conflict line on the timeline. This notice puts it
// beside the section — who wrote it and when, the text itself — with "keep mine", "take theirs"
// and "merge by hand". Each resolves through team.resolvePostmortem: an ordinary edit event
// naming the versions it settles, so every laptop's draft and notice converge.
import type { PostmortemConflictView } from '../../../../shared/contract'
import { formatDateTime } from '../../i18n/format'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { conflictFraming, conflictText } from './conflictFraming'

export function SectionConflict({
  conflict,
  merging,
  busy,
  onResolve,
  onMerge,
  onSaveMerge,
}: {
  conflict: PostmortemConflictView
  /** The responder chose "merge by hand": both versions are in the field being edited. */
  merging: boolean
  busy: boolean
  onResolve: (value: unknown) => void
  /** Only for text sections: puts both versions in the field. */
  onMerge: (() => void) | null
  onSaveMerge: () => void
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const f = conflictFraming(conflict, t)
  return (
    <div
      className="team-pm-conflict"
      role="status"
      data-testid="pm-conflict"
      data-section={conflict.section}
    >
      <p className="team-pm-conflict-head">
        {t('team.pm.conflict', { name: f.name, time: formatDateTime(locale, f.at) })}
      </p>
      {merging ? (
        <p className="muted">{t('team.pm.conflict.merging')}</p>
      ) : (
        f.shown.map(({ version, label }) => (
          <div key={version.uid} className="team-pm-conflict-version">
            <span className="muted">{label}</span>
            <pre className="team-pm-conflict-text" data-testid="pm-conflict-text">
              {conflictText(conflict.section, version.value, t)}
            </pre>
          </div>
        ))
      )}
      <div className="team-pm-conflict-actions">
        {merging ? (
          <button
            type="button"
            className="primary"
            data-testid="pm-conflict-merge-save"
            disabled={busy}
            onClick={onSaveMerge}
          >
            {t('team.pm.conflict.mergeSave')}
          </button>
        ) : (
          <>
            {f.actions.map((a, i) => (
              <button
                key={`${a.testId}-${i}`}
                type="button"
                data-testid={a.testId}
                disabled={busy}
                onClick={() => onResolve(a.value)}
              >
                {a.label}
              </button>
            ))}
            {onMerge ? (
              <button
                type="button"
                data-testid="pm-conflict-merge"
                disabled={busy}
                onClick={onMerge}
              >
                {t('team.pm.conflict.merge')}
              </button>
            ) : null}
          </>
        )}
      </div>
    </div>
  )
}
