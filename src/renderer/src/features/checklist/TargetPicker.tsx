// Where commands run: this machine, saved hosts one by one or by tag, saved AWS profiles, or
// open panes (picked here or followed from the grid's broadcast selection), captured or typed
// into the panes.
import { useEffect } from 'react'
import { useT } from '../../i18n/useT'
import { useAwsProfiles } from '../../stores/awsProfilesStore'
import { useSessions } from '../../stores/sessionsStore'
import { useTargets } from '../../stores/targetsStore'
import { useBroadcast } from '../../stores/broadcastStore'
import type { TargetSelection } from './targetSelection'

interface Props {
  value: TargetSelection
  onChange(next: TargetSelection): void
}

const toggle = (list: string[], item: string, on: boolean): string[] =>
  on ? [...new Set([...list, item])] : list.filter((x) => x !== item)

export function TargetPicker({ value, onChange }: Props): React.JSX.Element {
  const t = useT()
  const targets = useTargets((s) => s.targets)
  const panes = useSessions((s) => s.panes).filter((p) => p.state !== 'closed')
  const grid = useBroadcast((s) => s.targets)
  const tags = [...new Set(targets.flatMap((x) => x.tags))].sort()
  const awsProfiles = useAwsProfiles((s) => s.profiles)
  useEffect(() => void useAwsProfiles.getState().load(), [])
  const set = (patch: Partial<TargetSelection>): void => onChange({ ...value, ...patch })

  return (
    <fieldset className="rb-targets" data-testid="runbook-targets">
      <legend>{t('runbook.targets')}</legend>
      <div className="rb-mode" role="radiogroup">
        {(['captured', 'pane'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="rb-mode"
              checked={value.mode === mode}
              data-testid={`runbook-mode-${mode}`}
              onChange={() => set({ mode })}
            />
            {t(`runbook.targets.mode.${mode}`)}
          </label>
        ))}
      </div>
      {value.mode === 'captured' ? (
        <>
          <label className="rb-target">
            <input
              type="checkbox"
              checked={value.local}
              data-testid="runbook-target-local"
              onChange={(e) => set({ local: e.target.checked })}
            />
            {t('runbook.targets.local')}
          </label>
          <div className="rb-target-group">{t('runbook.targets.hosts')}</div>
          {targets.length === 0 ? (
            <p className="rb-hint">{t('runbook.targets.noHosts')}</p>
          ) : (
            targets.map((x) => (
              <label className="rb-target" key={x.id}>
                <input
                  type="checkbox"
                  checked={value.hosts.includes(x.id)}
                  data-testid="runbook-target-host"
                  data-name={x.name}
                  onChange={(e) => set({ hosts: toggle(value.hosts, x.id, e.target.checked) })}
                />
                {x.name}
                {x.production ? (
                  <span className="rb-prod">{t('runbook.targets.production')}</span>
                ) : null}
              </label>
            ))
          )}
          {tags.length > 0 ? (
            <div className="rb-target-group">{t('runbook.targets.tags')}</div>
          ) : null}
          {tags.map((tag) => (
            <label className="rb-target" key={tag}>
              <input
                type="checkbox"
                checked={value.tags.includes(tag)}
                data-testid="runbook-target-tag"
                data-tag={tag}
                onChange={(e) => set({ tags: toggle(value.tags, tag, e.target.checked) })}
              />
              {t('runbook.targets.tag', {
                tag,
                count: targets.filter((x) => x.tags.includes(tag)).length,
              })}
            </label>
          ))}
          {awsProfiles.length > 0 ? (
            <div className="rb-target-group">{t('runbook.targets.aws')}</div>
          ) : null}
          {awsProfiles.map((p) => (
            <label className="rb-target" key={p.id}>
              <input
                type="checkbox"
                checked={value.aws.includes(p.id)}
                data-testid="runbook-target-aws"
                data-name={p.name}
                onChange={(e) => set({ aws: toggle(value.aws, p.id, e.target.checked) })}
              />
              {p.name}
              {p.production ? (
                <span className="rb-prod">{t('runbook.targets.production')}</span>
              ) : null}
            </label>
          ))}
        </>
      ) : (
        <>
          <label className="rb-target">
            <input
              type="checkbox"
              checked={value.gridPanes}
              data-testid="runbook-target-grid"
              onChange={(e) => set({ gridPanes: e.target.checked })}
            />
            {t('runbook.targets.gridSelection', { count: grid.size })}
          </label>
          {panes.length === 0 ? <p className="rb-hint">{t('runbook.targets.noPanes')}</p> : null}
          {panes.map((p) => (
            <label className="rb-target" key={p.id}>
              <input
                type="checkbox"
                checked={value.panes.includes(p.id)}
                data-testid="runbook-target-pane"
                onChange={(e) => set({ panes: toggle(value.panes, p.id, e.target.checked) })}
              />
              {p.title}
            </label>
          ))}
        </>
      )}
    </fieldset>
  )
}
