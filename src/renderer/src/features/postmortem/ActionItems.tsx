// The postmortem's action items: task, owner, due date, done — added and removed in place.
import type { PostmortemFields } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'

type Item = PostmortemFields['actionItems'][number]

export function ActionItems({
  items,
  onChange,
}: {
  items: Item[]
  onChange: (items: Item[]) => void
}): React.JSX.Element {
  const t = useT()
  const set = (i: number, patch: Partial<Item>): void =>
    onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)))
  return (
    <fieldset className="postmortem-actions" data-testid="pm-action-items">
      <legend>{t('postmortem.actionItems')}</legend>
      {items.map((it, i) => (
        <div className="postmortem-action" key={i}>
          <input
            aria-label={t('postmortem.action.title')}
            placeholder={t('postmortem.action.title')}
            value={it.title}
            onChange={(e) => set(i, { title: e.target.value })}
          />
          <input
            aria-label={t('postmortem.action.owner')}
            placeholder={t('postmortem.action.owner')}
            value={it.owner}
            onChange={(e) => set(i, { owner: e.target.value })}
          />
          <input
            type="date"
            aria-label={t('postmortem.action.due')}
            value={it.due}
            onChange={(e) => set(i, { due: e.target.value })}
          />
          <label>
            <input
              type="checkbox"
              checked={it.done}
              onChange={(e) => set(i, { done: e.target.checked })}
            />
            {t('postmortem.action.done')}
          </label>
          <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            {t('postmortem.action.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="pm-action-add"
        onClick={() =>
          onChange([
            ...items,
            { title: t('postmortem.action.title'), owner: '', due: '', done: false },
          ])
        }
      >
        {t('postmortem.action.add')}
      </button>
    </fieldset>
  )
}
