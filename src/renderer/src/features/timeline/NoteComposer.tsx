// The note box under the timeline: Markdown text, Ctrl+Enter adds it. The text stays in the
// box until main has written the note, so a refused note (too large, database trouble) loses
// nothing.
import { useState } from 'react'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { InlineError } from '../../ui/InlineError'

export function NoteComposer({ incidentId }: { incidentId: string }): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor)
  const [text, setText] = useState('')
  const [pin, setPin] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (): Promise<void> => {
    if (busy || text.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      await api.call('incidents.addNote', {
        incidentId,
        text,
        pinned: pin,
        actor: actor.trim() || null,
      })
      setText('')
      setPin(false)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="note-composer"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <textarea
        data-testid="note-input"
        value={text}
        rows={3}
        placeholder={t('timeline.note.placeholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            void submit()
          }
        }}
      />
      <InlineError error={error} testId="note-error" />
      <div className="note-actions">
        <label>
          <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} />
          {t('timeline.note.pin')}
        </label>
        <button
          type="submit"
          className="inc-btn primary"
          data-testid="note-add"
          disabled={busy || text.trim() === ''}
        >
          {t('timeline.note.add')}
        </button>
      </div>
    </form>
  )
}
