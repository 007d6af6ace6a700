// The Team panel (#18): the connection to the team's PostgreSQL (password sealed like other
// saved passwords and never sent back; TLS up to verify-full with the CA file), this
// responder's name and role, what is shared, the live status, and the admin's one-time schema
// install. Built from the form kit.
import { useEffect, useRef, useState } from 'react'
import { teamSslModes, type TeamSettingsView } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { useTeam } from '../../stores/teamStore'
import { InlineError } from '../../ui/InlineError'
import { SecretField, SelectField, TextField } from '../../ui/fields'
import { useAction } from '../../ui/useAction'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { PresenceList } from './Presence'
import { TeamTimeline } from './TeamTimeline'
import { TeamTranscripts } from './TeamTranscripts'

const blank = (): Omit<TeamSettingsView, 'hasPassword'> => ({
  host: '',
  port: 5432,
  database: 'postgres',
  user: '',
  sslmode: 'verify-full',
  caFile: null,
  certFile: null,
  keyFile: null,
  viaSshTargetId: null,
  team: '',
  displayName: '',
  role: '',
})

function AdminInit(): React.JSX.Element {
  const t = useT()
  const [user, setUser] = useState('postgres')
  const [password, setPassword] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const run = useAction(async () => {
    const r = await useTeam.getState().initServer(user, password)
    setPassword('')
    setDone(
      t('team.admin.done', {
        version: r.version,
        applied: r.applied.length ? r.applied.join(', ') : t('team.admin.nothing'),
      }),
    )
  })
  return (
    <details className="team-admin" data-testid="team-admin">
      <summary>{t('team.admin.title')}</summary>
      <p className="muted">{t('team.admin.intro')}</p>
      <TextField
        label={t('team.admin.user')}
        testId="team-admin-user"
        value={user}
        onChange={(e) => setUser(e.target.value)}
      />
      <SecretField
        label={t('team.admin.password')}
        testId="team-admin-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <InlineError error={run.error} testId="team-admin-error" />
      {done ? (
        <p className="team-admin-done" role="status">
          {done}
        </p>
      ) : null}
      <button
        type="button"
        className="inc-btn"
        data-testid="team-admin-run"
        disabled={run.busy || !user}
        onClick={() => void run.run()}
      >
        {t('team.admin.run')}
      </button>
    </details>
  )
}

export function TeamPanel({ onClose }: { onClose(): void }): React.JSX.Element {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  useDialogFocus(ref, { onEscape: onClose })
  const saved = useTeam((s) => s.settings)
  const status = useTeam((s) => s.status)
  const sshHosts = useTargets((s) => s.targets).filter((x) => x.kind === 'ssh')
  useEffect(() => {
    void useTargets.getState().load()
  }, [])
  const [form, setForm] = useState(() =>
    saved ? { ...saved } : { ...blank(), hasPassword: false },
  )
  const [password, setPassword] = useState('')
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]): void =>
    setForm((f) => ({ ...f, [k]: v }))
  const save = useAction(async () => {
    const { hasPassword: _had, ...settings } = form
    await useTeam.getState().configure({
      ...settings,
      caFile: settings.caFile || null,
      certFile: settings.certFile || null,
      keyFile: settings.keyFile || null,
      viaSshTargetId: settings.viaSshTargetId || null,
      ...(password ? { password } : {}),
    })
    setPassword('')
  })
  const stop = useAction(async () => {
    await useTeam.getState().disconnect()
  })
  return (
    <div
      ref={ref}
      className="team-panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="team-panel-title"
      data-testid="team-panel"
    >
      <h2 id="team-panel-title">{t('team.panel.title')}</h2>
      <p className="muted">{t('team.panel.intro')}</p>
      {status && status.state !== 'local-only' ? (
        <p className={`team-status team-${status.state}`} data-testid="team-status" role="status">
          {t(`team.state.${status.state}`, { n: status.waiting })}
          {status.waiting > 0 && status.state !== 'offline'
            ? ` · ${t('team.status.waiting', { n: status.waiting })}`
            : ''}
          {status.error ? ` — ${status.error}` : ''}
          {status.wakeupNote ? ` · ${status.wakeupNote}` : ''}
        </p>
      ) : null}
      {saved ? <PresenceList /> : null}
      {saved ? <TeamTimeline /> : null}
      {saved ? <TeamTranscripts /> : null}
      <form
        className="team-form"
        data-testid="team-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save.run()
        }}
      >
        <TextField
          label={t('team.form.host')}
          testId="team-host"
          controlClassName="mono"
          value={form.host}
          onChange={(e) => set('host', e.target.value)}
          required
        />
        <TextField
          label={t('team.form.port')}
          testId="team-port"
          type="number"
          min={1}
          max={65535}
          value={String(form.port)}
          onChange={(e) => set('port', Number(e.target.value))}
        />
        <TextField
          label={t('team.form.database')}
          testId="team-database"
          value={form.database}
          onChange={(e) => set('database', e.target.value)}
          required
        />
        <TextField
          label={t('team.form.user')}
          testId="team-user"
          value={form.user}
          onChange={(e) => set('user', e.target.value)}
          required
        />
        <SecretField
          label={t('team.form.password')}
          testId="team-password"
          value={password}
          hint={form.hasPassword ? t('team.form.password.saved') : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        <SelectField
          label={t('team.form.sslmode')}
          testId="team-sslmode"
          value={form.sslmode}
          options={teamSslModes.map((m) => ({ value: m, label: t(`team.form.sslmode.${m}`) }))}
          onChange={(e) => set('sslmode', e.target.value as (typeof teamSslModes)[number])}
        />
        <TextField
          label={t('team.form.caFile')}
          testId="team-ca"
          className="wide"
          controlClassName="mono"
          value={form.caFile ?? ''}
          hint={t('team.form.caFile.hint')}
          onChange={(e) => set('caFile', e.target.value)}
        />
        <TextField
          label={t('team.form.certFile')}
          testId="team-cert"
          controlClassName="mono"
          value={form.certFile ?? ''}
          hint={t('team.form.certFile.hint')}
          onChange={(e) => set('certFile', e.target.value)}
        />
        <TextField
          label={t('team.form.keyFile')}
          testId="team-key"
          controlClassName="mono"
          value={form.keyFile ?? ''}
          hint={t('team.form.keyFile.hint')}
          onChange={(e) => set('keyFile', e.target.value)}
        />
        <SelectField
          label={t('team.form.via')}
          testId="team-via"
          className="wide"
          value={form.viaSshTargetId ?? ''}
          hint={t('team.form.via.hint')}
          options={[
            { value: '', label: t('team.form.via.direct') },
            ...sshHosts.map((x) => ({ value: x.id, label: x.name })),
          ]}
          onChange={(e) => set('viaSshTargetId', e.target.value || null)}
        />
        <TextField
          label={t('team.form.team')}
          testId="team-team"
          value={form.team}
          onChange={(e) => set('team', e.target.value)}
          required
        />
        <TextField
          label={t('team.form.displayName')}
          testId="team-display-name"
          value={form.displayName}
          onChange={(e) => set('displayName', e.target.value)}
          required
        />
        <TextField
          label={t('team.form.role')}
          testId="team-role"
          value={form.role}
          onChange={(e) => set('role', e.target.value)}
        />
        <p className="team-shared wide muted">{t('team.shared')}</p>
        <InlineError error={save.error ?? stop.error} testId="team-form-error" />
        <div className="form-actions wide">
          <button type="button" className="inc-btn" onClick={onClose}>
            {t('team.form.close')}
          </button>
          {saved ? (
            <button
              type="button"
              className="inc-btn"
              data-testid="team-disconnect"
              disabled={stop.busy}
              onClick={() => void stop.run()}
            >
              {t('team.form.disconnect')}
            </button>
          ) : null}
          <button
            type="submit"
            className="inc-btn primary"
            data-testid="team-save"
            disabled={save.busy}
          >
            {t('team.form.save')}
          </button>
        </div>
      </form>
      {saved ? <AdminInit /> : null}
    </div>
  )
}
