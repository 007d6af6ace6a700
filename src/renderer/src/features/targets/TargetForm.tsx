// Adding or editing an SSH host. The password/passphrase field is write-only: it is never
// prefilled, empty keeps what is stored, and "forget" removes it. Main validates; its message is
// shown inline and nothing typed is lost on a refusal.
import { useState } from 'react'
import { useAction } from '../../ui/useAction'
import type { SshAuthKind, Target } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { InlineError } from '../../ui/InlineError'
import { SecretField, SelectField, TextField } from '../../ui/fields'

const authKinds: readonly SshAuthKind[] = ['agent', 'key', 'password', 'keyboard-interactive']

interface Draft {
  name: string
  host: string
  port: string
  user: string
  authKind: SshAuthKind
  keyPath: string
  secret: string
  forgetSecret: boolean
  jumpVia: string[]
  tags: string
  keepaliveSec: string
}

function draftOf(target: Target | null): Draft {
  return {
    name: target?.name ?? '',
    host: target?.host ?? '',
    port: String(target?.port ?? 22),
    user: target?.user ?? '',
    authKind: target?.authKind ?? 'agent',
    keyPath: target?.keyPath ?? '',
    secret: '',
    forgetSecret: false,
    jumpVia: target?.jumpVia ?? [],
    tags: target?.tags.join(', ') ?? '',
    keepaliveSec: String(target?.keepaliveSec ?? 15),
  }
}

export function splitTags(text: string): string[] {
  return text
    .split(/[,、，]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** A number field's text as main expects it; anything else goes through for main to refuse. */
function asNumber(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? NaN : Number(trimmed)
}

export function TargetForm({
  target,
  onDone,
}: {
  target: Target | null
  onDone(): void
}): React.JSX.Element {
  const t = useT()
  const targets = useTargets((s) => s.targets)
  const [draft, setDraft] = useState<Draft>(() => draftOf(target))
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }))

  const others = targets.filter((o) => o.id !== target?.id)
  const nameOf = (id: string): string => targets.find((o) => o.id === id)?.name ?? id
  const usesSecret = draft.authKind === 'password' || draft.authKind === 'key'

  const moveJump = (index: number, delta: number): void => {
    const next = [...draft.jumpVia]
    const [item] = next.splice(index, 1)
    if (item === undefined) return
    next.splice(index + delta, 0, item)
    set({ jumpVia: next })
  }

  const {
    busy,
    error,
    run: submit,
  } = useAction(async (): Promise<void> => {
    let secret: string | null | undefined
    if (draft.forgetSecret) secret = null
    else if (usesSecret && draft.secret !== '') secret = draft.secret
    const saved = await api.call('targets.saveSsh', {
      ...(target ? { id: target.id } : {}),
      name: draft.name,
      host: draft.host,
      port: asNumber(draft.port),
      user: draft.user,
      authKind: draft.authKind,
      keyPath: draft.authKind === 'key' && draft.keyPath.trim() !== '' ? draft.keyPath : null,
      ...(secret !== undefined ? { secret } : {}),
      jumpVia: draft.jumpVia,
      tags: splitTags(draft.tags),
      keepaliveSec: asNumber(draft.keepaliveSec),
    })
    useTargets.getState().upsert(saved)
    onDone()
  })

  return (
    <form
      className="target-form"
      data-testid="target-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3 className="wide">
        {target ? t('targets.form.edit', { name: target.name }) : t('targets.form.add')}
      </h3>
      <TextField
        label={t('targets.form.name')}
        autoFocus
        testId="target-name"
        value={draft.name}
        placeholder={t('targets.form.name.placeholder')}
        onChange={(e) => set({ name: e.target.value })}
      />
      <TextField
        label={t('targets.form.user')}
        testId="target-user"
        value={draft.user}
        autoComplete="off"
        onChange={(e) => set({ user: e.target.value })}
      />
      <TextField
        label={t('targets.form.host')}
        testId="target-host"
        value={draft.host}
        placeholder={t('targets.form.host.placeholder')}
        onChange={(e) => set({ host: e.target.value })}
      />
      <TextField
        label={t('targets.form.port')}
        testId="target-port"
        inputMode="numeric"
        value={draft.port}
        onChange={(e) => set({ port: e.target.value })}
      />
      <SelectField
        label={t('targets.form.auth')}
        testId="target-auth"
        value={draft.authKind}
        onChange={(e) => set({ authKind: e.target.value as SshAuthKind })}
        options={authKinds.map((k) => ({ value: k, label: t(`targets.auth.${k}`) }))}
      />
      {draft.authKind === 'key' ? (
        <TextField
          label={t('targets.form.keyPath')}
          testId="target-key-path"
          value={draft.keyPath}
          placeholder={t('targets.form.keyPath.placeholder')}
          onChange={(e) => set({ keyPath: e.target.value })}
        />
      ) : (
        <span />
      )}
      {usesSecret || target?.hasSecret ? (
        <div className="field wide secret-field">
          {usesSecret ? (
            <SecretField
              label={
                draft.authKind === 'password'
                  ? t('targets.form.password')
                  : t('targets.form.passphrase')
              }
              testId="target-secret"
              value={draft.secret}
              disabled={draft.forgetSecret}
              onChange={(e) => set({ secret: e.target.value })}
            />
          ) : null}
          <span className="muted" data-testid="target-secret-state">
            {target?.hasSecret ? t('targets.form.secret.stored') : t('targets.form.secret.none')}
          </span>
          {target?.hasSecret ? (
            <label className="checkbox">
              <input
                type="checkbox"
                data-testid="target-forget-secret"
                checked={draft.forgetSecret}
                onChange={(e) => set({ forgetSecret: e.target.checked, secret: '' })}
              />
              {t('targets.form.secret.forget')}
            </label>
          ) : null}
        </div>
      ) : null}
      {target?.proxyCommand ? (
        <div className="field wide" data-testid="target-form-proxy-command">
          <span className="muted">{t('targets.form.proxyCommand')}</span>
          <code className="mono">{target.proxyCommand}</code>
        </div>
      ) : null}
      <div className="field wide">
        {t('targets.form.jump')}
        {draft.jumpVia.length === 0 ? (
          <span className="muted">{t('targets.form.jump.none')}</span>
        ) : (
          <ol className="jump-list" data-testid="target-jump-list">
            {draft.jumpVia.map((id, i) => (
              <li key={id}>
                <span>{nameOf(id)}</span>
                <button
                  type="button"
                  className="inc-icon-btn"
                  aria-label={t('targets.form.jump.up')}
                  title={t('targets.form.jump.up')}
                  disabled={i === 0}
                  onClick={() => moveJump(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="inc-icon-btn"
                  aria-label={t('targets.form.jump.down')}
                  title={t('targets.form.jump.down')}
                  disabled={i === draft.jumpVia.length - 1}
                  onClick={() => moveJump(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="inc-icon-btn"
                  aria-label={t('targets.form.jump.remove')}
                  title={t('targets.form.jump.remove')}
                  onClick={() => set({ jumpVia: draft.jumpVia.filter((j) => j !== id) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
        )}
        {others.some((o) => !draft.jumpVia.includes(o.id)) ? (
          <select
            data-testid="target-jump-add"
            value=""
            onChange={(e) => {
              if (e.target.value) set({ jumpVia: [...draft.jumpVia, e.target.value] })
            }}
          >
            <option value="">{t('targets.form.jump.add')}</option>
            {others
              .filter((o) => !draft.jumpVia.includes(o.id))
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.user}@{o.host}:{o.port})
                </option>
              ))}
          </select>
        ) : null}
      </div>
      <TextField
        label={t('targets.form.tags')}
        testId="target-tags"
        value={draft.tags}
        placeholder={t('targets.form.tags.placeholder')}
        hint={t('targets.form.tags.hint')}
        onChange={(e) => set({ tags: e.target.value })}
      />
      <TextField
        label={t('targets.form.keepalive')}
        testId="target-keepalive"
        inputMode="numeric"
        value={draft.keepaliveSec}
        onChange={(e) => set({ keepaliveSec: e.target.value })}
      />
      <InlineError error={error} testId="target-form-error" />
      <div className="form-actions wide">
        <button type="button" className="inc-btn" onClick={onDone}>
          {t('targets.form.cancel')}
        </button>
        <button type="submit" className="inc-btn primary" data-testid="target-save" disabled={busy}>
          {busy ? t('targets.form.saving') : t('targets.form.save')}
        </button>
      </div>
    </form>
  )
}
