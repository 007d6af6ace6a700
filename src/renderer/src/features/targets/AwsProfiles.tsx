// AWS profiles saved as runbook targets: the list (name, profile, region, PROD) with edit and
// remove, and the add/edit form. The profile field lists the names found in the responder's AWS
// files; nothing else is read out of them, and only the names are saved.
import { useEffect, useState } from 'react'
import type { AwsProfileTarget } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useAwsProfiles } from '../../stores/awsProfilesStore'
import { InlineError } from '../../ui/InlineError'
import { TextField } from '../../ui/fields'
import { useAction } from '../../ui/useAction'

const splitTags = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

function AwsProfileRow({
  target,
  onEdit,
}: {
  target: AwsProfileTarget
  onEdit(): void
}): React.JSX.Element {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const remove = useAction(async () => {
    await useAwsProfiles.getState().remove(target.id)
  })
  return (
    <li
      className={`target-row${target.production ? ' production' : ''}`}
      data-testid="aws-profile-row"
      data-target-id={target.id}
    >
      <div className="target-main">
        <div className="target-title">
          <strong className="target-name">{target.name}</strong>
          {target.production ? (
            <span className="prod-badge" title={t('targets.production.tooltip')}>
              {t('targets.production')}
            </span>
          ) : null}
        </div>
        <div className="target-address mono">
          {target.profile || t('aws.profiles.default')}
          {target.region ? ` · ${target.region}` : ''}
          {target.endpoint ? ` · ${target.endpoint}` : ''}
        </div>
      </div>
      <div className="target-actions">
        <button type="button" className="inc-btn" data-testid="aws-profile-edit" onClick={onEdit}>
          {t('aws.profiles.edit')}
        </button>
        {confirming ? (
          <>
            <span>{t('aws.profiles.remove.confirm', { name: target.name })}</span>
            <button
              type="button"
              className="inc-btn danger"
              data-testid="aws-profile-remove-yes"
              onClick={() => void remove.run()}
            >
              {t('aws.profiles.remove.yes')}
            </button>
            <button type="button" className="inc-btn" onClick={() => setConfirming(false)}>
              {t('aws.profiles.remove.no')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="inc-btn"
            data-testid="aws-profile-remove"
            onClick={() => setConfirming(true)}
          >
            {t('aws.profiles.remove')}
          </button>
        )}
      </div>
      <InlineError error={remove.error} />
    </li>
  )
}

export function AwsProfileForm({
  editing,
  onDone,
}: {
  editing: AwsProfileTarget | null
  onDone(): void
}): React.JSX.Element {
  const t = useT()
  const [name, setName] = useState(editing?.name ?? '')
  const [profile, setProfile] = useState(editing?.profile ?? '')
  const [region, setRegion] = useState(editing?.region ?? '')
  const [endpoint, setEndpoint] = useState(editing?.endpoint ?? '')
  const [tags, setTags] = useState(editing?.tags.join(', ') ?? '')
  const [found, setFound] = useState<string[] | null>(null)
  useEffect(() => {
    let live = true
    api
      .call('aws.localProfiles', {})
      .then((r) => live && setFound(r.profiles))
      .catch(() => live && setFound([]))
    return () => {
      live = false
    }
  }, [])
  const save = useAction(async () => {
    await useAwsProfiles.getState().save({
      ...(editing ? { id: editing.id } : {}),
      name,
      profile,
      region,
      endpoint,
      tags: splitTags(tags),
    })
    onDone()
  })
  return (
    <form
      className="target-form"
      data-testid="aws-profile-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <h3 className="wide">
        {editing ? t('aws.profile.form.edit', { name: editing.name }) : t('aws.profile.form.add')}
      </h3>
      <TextField
        label={t('aws.form.profile')}
        testId="aws-profile-profile"
        className="wide"
        controlClassName="mono"
        value={profile}
        placeholder="default"
        hint={
          found === null
            ? undefined
            : found.length
              ? t('aws.form.profile.found', { names: found.join(', ') })
              : t('aws.form.profile.none')
        }
        onChange={(e) => {
          if (!name || name === profile) setName(e.target.value)
          setProfile(e.target.value)
        }}
      />
      <TextField
        label={t('aws.form.region')}
        testId="aws-profile-region"
        controlClassName="mono"
        value={region}
        placeholder="ap-northeast-1"
        onChange={(e) => setRegion(e.target.value)}
      />
      <TextField
        label={t('aws.form.endpoint')}
        testId="aws-profile-endpoint"
        controlClassName="mono"
        value={endpoint}
        hint={t('aws.form.endpoint.hint')}
        onChange={(e) => setEndpoint(e.target.value)}
      />
      <TextField
        label={t('aws.profile.form.name')}
        testId="aws-profile-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={t('aws.profile.form.tags')}
        testId="aws-profile-tags"
        value={tags}
        placeholder="production"
        onChange={(e) => setTags(e.target.value)}
      />
      <InlineError error={save.error} testId="aws-profile-form-error" />
      <div className="form-actions wide">
        <button type="button" className="inc-btn" onClick={onDone}>
          {t('aws.profile.form.cancel')}
        </button>
        <button
          type="submit"
          className="inc-btn primary"
          data-testid="aws-profile-save"
          disabled={save.busy}
        >
          {t('aws.profile.form.save')}
        </button>
      </div>
    </form>
  )
}

/** The saved AWS profiles, with their add button; the sheet shows the form in their place. */
export function AwsProfiles({
  onAdd,
  onEdit,
}: {
  onAdd(): void
  onEdit(target: AwsProfileTarget): void
}): React.JSX.Element {
  const t = useT()
  const profiles = useAwsProfiles((s) => s.profiles)
  useEffect(() => void useAwsProfiles.getState().load(), [])
  return (
    <section className="service-targets" data-testid="aws-profiles">
      <h3>{t('aws.profiles.title')}</h3>
      <div className="hosts-tools">
        <button type="button" className="inc-btn" data-testid="aws-profile-add" onClick={onAdd}>
          {t('aws.profiles.add')}
        </button>
      </div>
      {profiles.length === 0 ? (
        <p className="muted">{t('aws.profiles.empty')}</p>
      ) : (
        <ul className="target-list">
          {profiles.map((p) => (
            <AwsProfileRow key={p.id} target={p} onEdit={() => onEdit(p)} />
          ))}
        </ul>
      )}
    </section>
  )
}
