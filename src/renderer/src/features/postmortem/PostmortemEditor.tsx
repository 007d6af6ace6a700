// The postmortem editor: the draft main generated from the timeline, every section editable,
// saved per incident, with a Markdown preview of the whole document and a language choice.
import { useEffect, useState } from 'react'
import type { Lang, PostmortemFields, PostmortemView } from '../../../../shared/contract'
import { api } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { SafeMarkdown } from '../../ui/SafeMarkdown'
import { ActionItems } from './ActionItems'
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
      <InlineError error={loadError ?? save.error} testId="postmortem-error" />
      {!fields || !view ? (
        <p>{t('postmortem.loading')}</p>
      ) : (
        <div className="postmortem-columns">
          <form className="postmortem-form" onSubmit={(e) => e.preventDefault()}>
            {groups.map((g) => (
              <fieldset key={g.title}>
                <legend>{t(g.title)}</legend>
                {g.fields.map((f) => (
                  <TextField
                    key={f}
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
              </fieldset>
            ))}
            <ActionItems
              items={fields.actionItems}
              onChange={(actionItems) => edit({ actionItems })}
            />
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
