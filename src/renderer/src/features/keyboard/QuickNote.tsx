// The scribe's note from anywhere, a pane included: a small box over the war room, Enter records
// the note on the active incident's timeline (Shift+Enter for a new line), Escape cancels, and
// focus goes back where it was (the shell keeps its half-typed line). A refused note stays in
// the box with the error.
import { useRef, useState } from 'react'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { announce, useKeyboard } from '../../stores/keyboardStore'
import { InlineError } from '../../ui/InlineError'
import { useDialogFocus } from '../../ui/useDialogFocus'

export function QuickNote({ pinned }: { pinned: boolean }): React.JSX.Element {
  const t = useT()
  const incidentId = useIncidents((s) => s.activeId)
  const actor = useIncidents((s) => s.actor)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const ref = useRef<HTMLFormElement>(null)
  const close = (): void => useKeyboard.getState().close()
  useDialogFocus(ref, { onEscape: close })
  const title = pinned ? t('quickNote.titlePinned') : t('quickNote.title')

  const submit = async (): Promise<void> => {
    if (!incidentId || busy || text.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      await api.call('incidents.addNote', {
        incidentId,
        text,
        pinned,
        actor: actor.trim() || null,
      })
      close()
      announce(t('quickNote.recorded'))
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form
      className="kb-note"
      role="dialog"
      aria-label={title}
      data-testid="quick-note"
      data-pinned={pinned}
      ref={ref}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <label className="kb-note-label" htmlFor="kb-note-text">
        {title}
        {incidentId ? <span className="hint"> — {t('quickNote.label')}</span> : null}
      </label>
      {incidentId ? (
        <textarea
          id="kb-note-text"
          className="kb-note-text"
          data-testid="quick-note-input"
          data-autofocus
          rows={2}
          value={text}
          disabled={busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault()
              void submit()
            }
          }}
        />
      ) : (
        <p className="kb-note-none" id="kb-note-text" role="alert" tabIndex={-1} data-autofocus>
          {t('quickNote.noIncident')}
        </p>
      )}
      <InlineError error={error} testId="quick-note-error" />
    </form>
  )
}
