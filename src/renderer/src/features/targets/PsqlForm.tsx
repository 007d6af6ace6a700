// Adding a PostgreSQL database: where it is (directly, or as seen from an SSH host whose tunnel
// carries the connection), who connects, and when sessions are read-only. The password field is
// write-only: sealed in main, never shown again.
import { useState } from 'react'
import type { PsqlReadOnly } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { SecretField, SelectField, TextField } from '../../ui/fields'

const splitTags = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

const readOnlyChoices: readonly PsqlReadOnly[] = ['production', 'always', 'never']

export function PsqlForm({ onDone }: { onDone(): void }): React.JSX.Element {
  const t = useT()
  const hosts = useTargets((s) => s.targets)
  const [d, setD] = useState({
    name: '',
    host: '',
    port: '5432',
    database: '',
    user: '',
    password: '',
    via: '',
    readOnly: 'production' as PsqlReadOnly,
    tags: '',
  })
  const set = (patch: Partial<typeof d>): void => setD({ ...d, ...patch })
  const save = useAction(async () => {
    await api.call('targets.savePsql', {
      name: d.name,
      host: d.host,
      port: Number(d.port),
      database: d.database,
      user: d.user,
      ...(d.password !== '' ? { password: d.password } : {}),
      viaSshTargetId: d.via || null,
      readOnly: d.readOnly,
      tags: splitTags(d.tags),
    })
    onDone()
  })
  const text = (key: 'name' | 'host' | 'port' | 'database' | 'user' | 'tags', label: string) => (
    <TextField
      label={label}
      testId={`psql-${key}`}
      value={d[key]}
      inputMode={key === 'port' ? 'numeric' : undefined}
      placeholder={
        key === 'host'
          ? t('services.form.host.placeholder')
          : key === 'tags'
            ? t('services.form.tags.placeholder')
            : undefined
      }
      onChange={(e) => set({ [key]: e.target.value })}
    />
  )

  return (
    <form
      className="target-form"
      data-testid="psql-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <h3 className="wide">{t('services.form.psql')}</h3>
      {text('name', t('services.form.name'))}
      {text('host', t('services.form.host'))}
      {text('port', t('services.form.port'))}
      {text('database', t('services.form.database'))}
      {text('user', t('services.form.user'))}
      <SecretField
        label={t('services.form.password')}
        testId="psql-password"
        value={d.password}
        placeholder={t('services.form.password.placeholder')}
        onChange={(e) => set({ password: e.target.value })}
      />
      <SelectField
        label={t('services.form.via')}
        testId="psql-via"
        value={d.via}
        onChange={(e) => set({ via: e.target.value })}
      >
        <option value="">{t('services.form.via.none')}</option>
        {hosts.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('services.form.readOnly')}
        testId="psql-readonly"
        value={d.readOnly}
        onChange={(e) => set({ readOnly: e.target.value as PsqlReadOnly })}
      >
        {readOnlyChoices.map((c) => (
          <option key={c} value={c}>
            {t(`services.form.readOnly.${c}`)}
          </option>
        ))}
      </SelectField>
      {text('tags', t('services.form.tags'))}
      <InlineError error={save.error} testId="psql-form-error" />
      <div className="form-actions wide">
        <button type="button" className="inc-btn" onClick={onDone}>
          {t('services.cancel')}
        </button>
        <button
          type="submit"
          className="inc-btn primary"
          data-testid="psql-save"
          disabled={save.busy}
        >
          {save.busy ? t('services.form.saving') : t('services.form.save')}
        </button>
      </div>
    </form>
  )
}
