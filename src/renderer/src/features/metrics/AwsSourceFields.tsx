// The fields of the AWS source kinds in the source form: the profile (with the names found in the
// responder's AWS files), region and endpoint, then each kind's own. CloudWatch presets add ready
// queries for seed 003's dashboard (ECS CPU/memory, ALB requests and 5xx, RDS connections/CPU).
import { useEffect, useState } from 'react'
import {
  cloudWatchPresetQueries,
  cloudWatchPresets,
  type CloudWatchPreset,
} from '../../../../shared/contract'
import { api } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { InlineError } from '../../ui/InlineError'
import { SelectField, TextField } from '../../ui/fields'
import { formatQuery, type AwsKind } from './awsSourceForm'

type Fields = Record<string, string | boolean>

interface Props {
  kind: AwsKind
  f: Fields
  setF(f: Fields): void
}

export function AwsSourceFields({ kind, f, setF }: Props): React.JSX.Element {
  const t = useT()
  const [profiles, setProfiles] = useState<string[] | null>(null)
  const [presetError, setPresetError] = useState<unknown>(null)
  useEffect(() => {
    let live = true
    api
      .call('aws.localProfiles', {})
      .then((r) => live && setProfiles(r.profiles))
      .catch(() => live && setProfiles([]))
    return () => {
      live = false
    }
  }, [])
  const set = (k: string) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value })
  const text = (
    k: string,
    label: MessageKey,
    extra: { placeholder?: string; type?: string; hint?: string } = {},
  ) => (
    <TextField
      frame="metric-form-field"
      label={t(label)}
      testId={`metric-form-${k}`}
      value={String(f[k] ?? '')}
      onChange={set(k)}
      {...extra}
    />
  )
  const lines = (k: string, label: MessageKey, hint?: string) => (
    <TextField
      frame="metric-form-field"
      label={t(label)}
      multiline
      rows={4}
      testId={`metric-form-${k}`}
      value={String(f[k] ?? '')}
      onChange={set(k)}
      {...(hint ? { hint } : {})}
    />
  )
  const addPreset = (): void => {
    try {
      const queries = cloudWatchPresetQueries(f.preset as CloudWatchPreset, {
        cluster: String(f.presetCluster),
        service: String(f.presetService),
        loadBalancer: String(f.presetLoadBalancer),
        dbInstance: String(f.presetDbInstance),
      })
      const before = String(f.awsQueries ?? '').trim()
      setF({
        ...f,
        awsQueries: [before, ...queries.map(formatQuery)].filter(Boolean).join('\n'),
      })
      setPresetError(null)
    } catch (err) {
      setPresetError(err)
    }
  }
  const preset = f.preset as CloudWatchPreset

  return (
    <>
      {text('profile', 'aws.form.profile', {
        placeholder: 'default',
        hint:
          profiles === null
            ? ''
            : profiles.length
              ? t('aws.form.profile.found', { names: profiles.join(', ') })
              : t('aws.form.profile.none'),
      })}
      <div className="metric-form-row">
        {text('region', 'aws.form.region', { placeholder: 'ap-northeast-1' })}
        {text('endpoint', 'aws.form.endpoint', { hint: t('aws.form.endpoint.hint') })}
      </div>
      {kind === 'aws-cloudwatch' ? (
        <>
          <div className="metric-form-row">
            <SelectField
              frame="metric-form-field"
              label={t('aws.form.preset')}
              testId="metric-form-preset"
              value={preset}
              onChange={set('preset')}
              options={cloudWatchPresets.map((p) => ({
                value: p,
                label: t(`aws.form.preset.${p}` as MessageKey),
              }))}
            />
            {preset === 'ecs-service' ? (
              <>
                {text('presetCluster', 'aws.form.cluster')}
                {text('presetService', 'aws.form.service')}
              </>
            ) : null}
            {preset === 'alb' ? text('presetLoadBalancer', 'aws.form.loadBalancer') : null}
            {preset === 'rds-instance' ? text('presetDbInstance', 'aws.form.dbInstance') : null}
            <button
              type="button"
              className="inc-btn"
              data-testid="metric-form-preset-add"
              onClick={addPreset}
            >
              {t('aws.form.preset.add')}
            </button>
          </div>
          <InlineError error={presetError} testId="metric-form-preset-error" />
          {lines('awsQueries', 'aws.form.queries', t('aws.form.queries.hint'))}
        </>
      ) : null}
      {kind === 'aws-alarms' ? text('namePrefix', 'aws.form.namePrefix') : null}
      {kind === 'aws-ecs' ? (
        <>
          {text('cluster', 'aws.form.cluster', { placeholder: 'peoplebooster-production' })}
          {lines('services', 'aws.form.services')}
        </>
      ) : null}
      {kind === 'aws-logs' ? (
        <>
          {text('logGroupName', 'aws.form.logGroup', {
            placeholder: '/aws/ecs/peoplebooster-production/application',
          })}
          <div className="metric-form-row">
            {text('filterPattern', 'aws.form.filterPattern')}
            {text('eventGapSec', 'aws.form.eventGap', { type: 'number' })}
          </div>
        </>
      ) : null}
    </>
  )
}
