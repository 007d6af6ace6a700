// The postmortem editor: the draft main generated from the timeline, every section editable,
// saved per incident, with a Markdown preview of the whole document and a language choice.
// In a team, a section edited at the same time on two laptops shows the other version beside
// it until someone resolves it (SectionConflict), and the draft follows the team's edits.
import { useEffect, useRef, useState } from 'react'
import type {
  Lang,
  PostmortemConflictView,
  PostmortemFields,
  PostmortemView,
} from '../../../../shared/contract'
import { api } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useTeam } from '../../stores/teamStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { SafeMarkdown } from '../../ui/SafeMarkdown'
import { ActionItems } from './ActionItems'
import { SectionConflict } from './SectionConflict'
import { SelectField, TextField } from '../../ui/fields'

type TextField = Exclude<keyof PostmortemFields, 'dataLoss' | 'fiveWhys' | 'actionItems'>

const groups: { title: MessageKey; fields: TextField[] }[] = [
  { title: 'postmortem.summary', fields: ['summary'] },
  { title: 'postmortem.section.impact', fields: ['usersAffected', 'businessImpact'] },
  { title: 'postmortem.section.cause', fields: ['directCause', 'rootCause', 'howItHappened'] },
  {
    title: 'postmortem.section.done',
    fields: ['initialResponse', 'mainResponse', 'recoverySteps'],
  },
  {
    title: 'postmortem.section.prevention',
    fields: ['preventionImmediate', 'preventionLongTerm', 'preventionMonitoring'],
  },
  { title: 'postmortem.section.lessons', fields: ['wentWell', 'toImprove', 'runbookUpdates'] },
]

export function PostmortemEditor({
  incidentId,
  onClose,
}: {
  incidentId: string
  onClose: () => void
}): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor)
  const [lang, setLang] = useState<Lang>(useLocale.getState().locale)
  const [view, setView] = useState<PostmortemView | null>(null)
  const [fields, setFields] = useState<PostmortemFields | null>(null)
  const [dirty, setDirty] = useState(false)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [conflicts, setConflicts] = useState<PostmortemConflictView[]>([])
  const [merging, setMerging] = useState<ReadonlySet<string>>(new Set())
  const lastSyncAt = useTeam((s) => s.status?.lastSyncAt ?? null)
  const inTeam = useTeam((s) => !!s.status && s.status.state !== 'local-only')
  // What is typed now, for the sync and resolve callbacks (never replaced under the responder).
  const dirtyRef = useRef(dirty)
  const fieldsRef = useRef(fields)
  useEffect(() => {
    dirtyRef.current = dirty
    fieldsRef.current = fields
  }, [dirty, fields])

  useEffect(() => {
    let live = true
    api
      .call('postmortem.get', { incidentId, lang })
      .then((v) => {
        if (!live) return
        setView(v)
        setFields(v.fields)
        setDirty(false)
        setLoadError(null)
      })
      .catch((err: unknown) => live && setLoadError(err))
    return () => {
      live = false
    }
  }, [incidentId, lang])

  // After each team sync: the open conflicts, and the draft as the team's edits made it (only
  // while nothing is being typed here: unsaved text is never replaced under the responder).
  useEffect(() => {
    if (!inTeam) return
    let live = true
    void api
      .call('team.postmortemConflicts', { incidentId })
      .then((c) => live && setConflicts(c))
      .catch(() => undefined)
    if (!dirtyRef.current)
      void api
        .call('postmortem.get', { incidentId, lang })
        .then((v) => {
          if (!live || dirtyRef.current) return
          setView(v)
          setFields(v.fields)
        })
        .catch(() => undefined)
    return () => {
      live = false
    }
    // lang is read, not watched: a language change reloads through the effect above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentId, lastSyncAt, inTeam])

  const save = useAction(async () => {
    if (!fields) return
    const v = await api.call('postmortem.save', {
      incidentId,
      lang,
      fields,
      actor: actor.trim() || null,
    })
    setView(v)
    setFields(v.fields)
    setDirty(false)
  })
  const edit = (patch: Partial<PostmortemFields>): void => {
    setFields((f) => (f ? { ...f, ...patch } : f))
    setDirty(true)
  }

  const resolve = useAction(async (c: PostmortemConflictView, value: unknown) => {
    const open = await api.call('team.resolvePostmortem', {
      incidentId,
      section: c.section as keyof PostmortemFields,
      value,
      resolves: c.others.map((o) => o.uid),
      actor: actor.trim() || null,
    })
    setConflicts(open)
    setMerging((m) => new Set([...m].filter((s) => s !== c.section)))
    const v = await api.call('postmortem.get', { incidentId, lang })
    setView(v)
    // The section as resolved; the rest of what is typed here stays as it is, and the draft is
    // no longer "not saved" when nothing else was changed.
    const typed = fieldsRef.current
    const next = typed
      ? { ...typed, [c.section]: v.fields[c.section as keyof PostmortemFields] }
      : v.fields
    setFields(next)
    if (JSON.stringify(next) === JSON.stringify(v.fields)) setDirty(false)
  })
  const conflictOf = (section: string): PostmortemConflictView | undefined =>
    inTeam ? conflicts.find((c) => c.section === section) : undefined
  const notice = (section: keyof PostmortemFields): React.JSX.Element | null => {
    const c = conflictOf(section)
    if (!c || !fields) return null
    const text = typeof c.current.value === 'string'
    return (
      <SectionConflict
        conflict={c}
        merging={merging.has(section)}
        busy={resolve.busy}
        onResolve={(value) => void resolve.run(c, value)}
        onMerge={
          text
            ? () => {
                // Both versions in the field, the draft's first, for the responder to edit.
                const all = [c.current, ...c.others].map((v) => String(v.value)).filter(Boolean)
                edit({ [section]: [...new Set(all)].join('\n\n') })
                setMerging((m) => new Set([...m, section]))
              }
            : null
        }
        onSaveMerge={() => void resolve.run(c, fields[section])}
      />
    )
  }

  return (
    <div
      className="export-dialog postmortem"
      role="dialog"
      aria-label={t('postmortem.title')}
      data-testid="postmortem-editor"
    >
      <div className="postmortem-bar">
        <h2>{t('postmortem.title')}</h2>
        <SelectField
          label={t('postmortem.lang')}
          frame="export-field"
          value={lang}
          testId="postmortem-lang"
          onChange={(e) => setLang(e.target.value as Lang)}
        >
          <option value="en">English</option>
          <option value="ja">日本語</option>
        </SelectField>
        <span className="postmortem-state" data-testid="postmortem-state">
          {view?.saved && !dirty ? t('postmortem.saved') : t('postmortem.draft')}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="postmortem-save"
          disabled={save.busy || !fields}
          onClick={() => void save.run()}
        >
          {save.busy ? t('postmortem.saving') : t('postmortem.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
      <InlineError error={loadError ?? save.error ?? resolve.error} testId="postmortem-error" />
      {!fields || !view ? (
        <p>{t('postmortem.loading')}</p>
      ) : (
        <div className="postmortem-columns">
          <form className="postmortem-form" onSubmit={(e) => e.preventDefault()}>
            {groups.map((g) => (
              <fieldset key={g.title}>
                <legend>{t(g.title)}</legend>
                {g.fields.map((f) => (
                  <div
                    key={f}
                    className={
                      conflictOf(f) ? 'team-pm-field team-pm-field-conflict' : 'team-pm-field'
                    }
                  >
                    <TextField
                      label={t(`postmortem.${f}` as MessageKey)}
                      frame="export-field"
                      multiline
                      testId={`pm-${f}`}
                      rows={
                        f === 'summary' || f.endsWith('Response') || f === 'recoverySteps' ? 4 : 2
                      }
                      value={fields[f]}
                      onChange={(e) => edit({ [f]: e.target.value })}
                    />
                    {notice(f)}
                  </div>
                ))}
                {g.title === 'postmortem.section.impact' ? (
                  <SelectField
                    label={t('postmortem.dataLoss')}
                    frame="export-field"
                    testId="pm-dataLoss"
                    value={fields.dataLoss}
                    onChange={(e) =>
                      edit({ dataLoss: e.target.value as PostmortemFields['dataLoss'] })
                    }
                  >
                    {(['no', 'yes', 'unknown'] as const).map((v) => (
                      <option key={v} value={v}>
                        {t(`postmortem.dataLoss.${v}`)}
                      </option>
                    ))}
                  </SelectField>
                ) : null}
                {g.title === 'postmortem.section.impact' ? notice('dataLoss') : null}
                {g.title === 'postmortem.section.cause'
                  ? fields.fiveWhys.map((w, i) => (
                      <TextField
                        key={`why-${i}`}
                        label={t('postmortem.why', { n: i + 1 })}
                        frame="export-field"
                        testId={`pm-why-${i + 1}`}
                        value={w}
                        onChange={(e) =>
                          edit({
                            fiveWhys: fields.fiveWhys.map((x, j) => (j === i ? e.target.value : x)),
                          })
                        }
                      />
                    ))
                  : null}
                {g.title === 'postmortem.section.cause' ? notice('fiveWhys') : null}
              </fieldset>
            ))}
            <ActionItems
              items={fields.actionItems}
              onChange={(actionItems) => edit({ actionItems })}
            />
            {notice('actionItems')}
          </form>
          <section
            className="postmortem-preview"
            data-testid="postmortem-preview"
            aria-label={t('postmortem.preview')}
          >
            <SafeMarkdown text={view.markdown} />
          </section>
        </div>
      )}
    </div>
  )
}
