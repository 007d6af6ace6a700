// The status update composer: a template (declaration, progress, recovery) drafted by main from
// the incident in the current UI language, edited freely, copied in one click, and posted so
// the text is recorded on the timeline.
import { useEffect, useRef, useState } from 'react'
import { statusUpdateTemplates } from '../../../../shared/incidents'
import type { StatusUpdateTemplate } from '../../../../shared/contract'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { InlineError } from '../../ui/InlineError'

export function StatusUpdateComposer({ incidentId }: { incidentId: string }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const actor = useIncidents((s) => s.actor).trim() || null
  const status = useIncidents((s) => s.incident?.status)
  const [template, setTemplate] = useState<StatusUpdateTemplate>(() =>
    status === 'resolved' || status === 'closed' ? 'recovery' : 'progress',
  )
  const [text, setText] = useState('')
  // Which draft the text holds: a new template, language or "redraft" asks main for a new one.
  const [nonce, setNonce] = useState(0)
  const wanted = `${template}/${locale}/${nonce}`
  const [draftedFor, setDraftedFor] = useState<string | null>(null)
  const loading = draftedFor !== wanted
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let live = true
    api
      .call('incidents.draftStatusUpdate', { incidentId, template, lang: locale })
      .then((d) => {
        if (!live) return
        setText(d.text)
        setError(null)
        setDraftedFor(wanted)
      })
      .catch((err: unknown) => {
        if (!live) return
        setError(err)
        setDraftedFor(wanted)
      })
    return () => {
      live = false
    }
  }, [incidentId, template, locale, wanted])

  const copy = async (): Promise<void> => {
    setError(null)
    try {
      await navigator.clipboard.writeText(text)
      setNotice(t('statusUpdate.copied'))
    } catch {
      setNotice(t('statusUpdate.copyFailed'))
    }
  }

  const post = async (): Promise<void> => {
    setError(null)
    setNotice(null)
    try {
      await api.call('incidents.postStatusUpdate', {
        incidentId,
        template,
        lang: locale,
        text,
        actor,
      })
      setNotice(t('statusUpdate.posted'))
    } catch (err) {
      setError(err)
    }
  }

  // The drafted text takes the keyboard once it is there (Ctrl+Enter posts it).
  const textRef = useRef<HTMLTextAreaElement>(null)
  const focusedOnce = useRef(false)
  useEffect(() => {
    if (loading || focusedOnce.current) return
    focusedOnce.current = true
    textRef.current?.focus()
  }, [loading])

  return (
    <div className="status-update" data-testid="status-update">
      <div className="su-templates" role="radiogroup" aria-label={t('statusUpdate.template')}>
        {statusUpdateTemplates.map((tpl) => (
          <button
            key={tpl}
            type="button"
            role="radio"
            aria-checked={template === tpl}
            className={`inc-btn${template === tpl ? ' primary' : ''}`}
            data-testid={`su-template-${tpl}`}
            onClick={() => setTemplate(tpl)}
          >
            {t(`statusUpdate.template.${tpl}`)}
          </button>
        ))}
        <button type="button" className="inc-btn" onClick={() => setNonce(nonce + 1)}>
          {t('statusUpdate.redraft')}
        </button>
      </div>
      <textarea
        data-testid="su-text"
        ref={textRef}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            if (!loading && text.trim() !== '') void post()
          }
        }}
        aria-label={t('statusUpdate.textLabel')}
        className="su-text"
        value={loading ? '' : text}
        placeholder={loading ? t('statusUpdate.loading') : ''}
        disabled={loading}
        onChange={(e) => setText(e.target.value)}
        rows={16}
      />
      <InlineError error={error} testId="su-error" />
      <div className="form-actions">
        {notice ? (
          <span className="su-notice" data-testid="su-notice">
            {notice}
          </span>
        ) : null}
        <button type="button" className="inc-btn" data-testid="su-copy" onClick={() => void copy()}>
          {t('statusUpdate.copy')}
        </button>
        <button
          type="button"
          className="inc-btn primary"
          data-testid="su-post"
          disabled={loading || text.trim() === ''}
          onClick={() => void post()}
        >
          {t('statusUpdate.post')}
        </button>
      </div>
    </div>
  )
}
