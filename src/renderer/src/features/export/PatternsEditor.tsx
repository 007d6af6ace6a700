// The team's own redaction patterns, one per line as "name = regular expression", saved in the
// settings and applied to every export (main checks each one and says which is wrong).
import { useEffect, useState } from 'react'
import type { RedactionPattern } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { TextField } from '../../ui/fields'

const toText = (list: RedactionPattern[]): string =>
  list.map((p) => `${p.name} = ${p.pattern}`).join('\n')

function fromText(text: string): RedactionPattern[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const at = line.indexOf(' = ')
      return at > 0
        ? { name: line.slice(0, at).trim(), pattern: line.slice(at + 3) }
        : { name: `pattern ${i + 1}`, pattern: line }
    })
}

export function PatternsEditor({ onSaved }: { onSaved: () => void }): React.JSX.Element {
  const t = useT()
  const [text, setText] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    let live = true
    void api.call('export.patterns', {}).then((list) => live && setText(toText(list)))
    return () => {
      live = false
    }
  }, [])
  const save = useAction(async () => {
    const list = await api.call('export.setPatterns', { patterns: fromText(text ?? '') })
    setText(toText(list))
    setSaved(true)
    onSaved()
  })
  return (
    <details className="export-patterns" data-testid="export-patterns">
      <summary>{t('export.patterns')}</summary>
      <p className="export-note">{t('export.patterns.help')}</p>
      <TextField
        label={t('export.patterns')}
        labelHidden
        frame="export-patterns-field"
        multiline
        rows={4}
        testId="export-patterns-text"
        value={text ?? ''}
        placeholder="ticket = CUST-\d{6}"
        onChange={(e) => {
          setText(e.target.value)
          setSaved(false)
        }}
      />
      <div className="export-actions">
        <button
          type="button"
          data-testid="export-patterns-save"
          disabled={save.busy || text === null}
          onClick={() => void save.run()}
        >
          {t('export.patterns.save')}
        </button>
        {saved ? <span>{t('export.patterns.saved')}</span> : null}
      </div>
      <InlineError error={save.error} testId="export-patterns-error" />
    </details>
  )
}
