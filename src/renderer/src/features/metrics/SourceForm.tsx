// Add or edit a metric source: the common fields (name, interval, timeout) and the fields of its
// kind. Nothing typed is lost when main refuses it: the error shows inline above the buttons.
import { useState } from 'react'
import type {
  MetricSourceConfig,
  MetricSourceInput,
  MetricSourceKind,
} from '../../../../shared/contract'
import { DEFAULT_ERROR_LOG_PATTERN, metricSourceKinds } from '../../../../shared/contract'
import { api } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { SelectField, TextField } from '../../ui/fields'
import { AwsSourceFields } from './AwsSourceFields'
import { QueryLineError, awsInitial, awsInput, isAwsKind } from './awsSourceForm'

interface Props {
  editing: MetricSourceConfig | null
  onDone(): void
}

type Fields = Record<string, string | boolean>

function initial(c: MetricSourceConfig | null): Fields {
  const base: Fields = {
    kind: c?.kind ?? 'http',
    name: c?.name ?? '',
    intervalSec: String(c?.intervalSec ?? 10),
    timeoutSec: String(c?.timeoutSec ?? 5),
    enabled: c?.enabled ?? true,
    targetId:
      c?.kind === 'host' || c?.kind === 'access-log' || c?.kind === 'error-log' ? c.targetId : '',
    path:
      c?.kind === 'access-log' || c?.kind === 'error-log'
        ? c.path
        : c === null
          ? '/var/log/nginx/access.log'
          : '',
    format: c?.kind === 'access-log' ? c.format : 'combined',
    windowSec: String(c?.kind === 'access-log' ? c.windowSec : 60),
    patterns: c?.kind === 'error-log' ? c.patterns.join('\n') : DEFAULT_ERROR_LOG_PATTERN,
    eventGapSec: String(c?.kind === 'error-log' ? c.eventGapSec : 60),
    url: c && (c.kind === 'http' || c.kind === 'prometheus') ? c.url : '',
    checkBody: c?.kind === 'http' ? c.checkBody : true,
    via:
      c &&
      (c.kind === 'http' || c.kind === 'prometheus' || c.kind === 'postgres' || c.kind === 'redis')
        ? (c.via ?? '')
        : '',
    queries:
      c?.kind === 'prometheus' ? c.queries.map((q) => `${q.metric} = ${q.promql}`).join('\n') : '',
    backfillMinutes: String(c?.kind === 'prometheus' ? c.backfillMinutes : 15),
    host: c?.kind === 'postgres' || c?.kind === 'redis' ? c.host : '',
    port: String(c?.kind === 'postgres' || c?.kind === 'redis' ? c.port : 5432),
    database: c?.kind === 'postgres' ? c.database : '',
    user: c?.kind === 'postgres' || c?.kind === 'redis' ? c.user : '',
    password: '',
    longQuerySec: String(c?.kind === 'postgres' ? c.longQuerySec : 30),
    kubeconfig: c?.kind === 'kubernetes' ? c.kubeconfig : '',
    context: c?.kind === 'kubernetes' ? c.context : '',
    namespace: c?.kind === 'kubernetes' ? c.namespace : '',
    tls: c?.kind === 'redis' ? c.tls : false,
    tlsCaPath: c?.kind === 'redis' ? c.tlsCaPath : '',
    db: String(c?.kind === 'redis' ? c.db : 0),
    keys: c?.kind === 'redis' ? c.keys.join('\n') : 'celery',
    production: c?.kind === 'redis' ? c.production : false,
    ...awsInitial(c),
  }
  return base
}

class FormProblem extends Error {}

function toInput(f: Fields, id: string | undefined, t: ReturnType<typeof useT>): MetricSourceInput {
  const s = (k: string): string => String(f[k] ?? '').trim()
  const n = (k: string): number => Number(s(k))
  const common = {
    ...(id ? { id } : {}),
    name: s('name'),
    intervalSec: n('intervalSec'),
    timeoutSec: n('timeoutSec'),
    enabled: f.enabled === true,
  }
  const via = s('via') || null
  const kind = f.kind as MetricSourceKind
  if (isAwsKind(kind)) {
    try {
      return awsInput(kind, f, common)
    } catch (err) {
      if (err instanceof QueryLineError)
        throw new FormProblem(t('aws.form.queries.invalid', { line: err.line }))
      throw err
    }
  }
  switch (kind) {
    case 'host':
      return { ...common, kind: 'host', targetId: s('targetId') }
    case 'access-log':
      return {
        ...common,
        kind: 'access-log',
        targetId: s('targetId'),
        path: s('path'),
        format: s('format') || 'combined',
        windowSec: n('windowSec'),
      }
    case 'error-log':
      return {
        ...common,
        kind: 'error-log',
        targetId: s('targetId'),
        path: s('path'),
        patterns: String(f.patterns ?? '')
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean),
        eventGapSec: n('eventGapSec'),
      }
    case 'http':
      return { ...common, kind: 'http', url: s('url'), checkBody: f.checkBody === true, via }
    case 'prometheus': {
      const queries = s('queries')
        .split('\n')
        .map((l, i) => ({ l: l.trim(), i }))
        .filter((x) => x.l)
        .map(({ l, i }) => {
          const eq = l.indexOf('=')
          if (eq <= 0) throw new FormProblem(t('metrics.form.queries.invalid', { line: i + 1 }))
          return { metric: l.slice(0, eq).trim(), promql: l.slice(eq + 1).trim() }
        })
      return {
        ...common,
        kind: 'prometheus',
        url: s('url'),
        queries,
        backfillMinutes: n('backfillMinutes'),
        via,
      }
    }
    case 'postgres':
      return {
        ...common,
        kind: 'postgres',
        host: s('host'),
        port: n('port'),
        database: s('database'),
        user: s('user'),
        // Empty keeps the stored password (omitted); a new one replaces it.
        ...(s('password') ? { password: String(f.password) } : {}),
        longQuerySec: n('longQuerySec'),
        via,
      }
    case 'kubernetes':
      return {
        ...common,
        kind: 'kubernetes',
        kubeconfig: s('kubeconfig'),
        context: s('context'),
        namespace: s('namespace'),
      }
    case 'redis':
      return {
        ...common,
        kind: 'redis',
        host: s('host'),
        port: n('port'),
        tls: f.tls === true,
        tlsCaPath: s('tlsCaPath'),
        user: s('user'),
        ...(s('password') ? { password: String(f.password) } : {}),
        db: n('db'),
        keys: s('keys')
          .split('\n')
          .map((k) => k.trim())
          .filter(Boolean),
        production: f.production === true,
        via,
      }
  }
}

export function SourceForm({ editing, onDone }: Props): React.JSX.Element {
  const t = useT()
  const targets = useTargets((s) => s.targets)
  const [f, setF] = useState<Fields>(() => initial(editing))
  const kind = f.kind as MetricSourceKind
  const set = (k: string) => (e: { target: { value: string } }) =>
    // A Redis source starts on Redis's port, not PostgreSQL's; a log source on nginx's log.
    setF(
      k === 'kind' && !editing
        ? {
            ...f,
            kind: e.target.value,
            port: e.target.value === 'redis' ? '6379' : '5432',
            path:
              e.target.value === 'error-log'
                ? '/var/log/nginx/error.log'
                : '/var/log/nginx/access.log',
            // CloudWatch has a datapoint a minute and bills each read: poll once a minute.
            ...(e.target.value === 'aws-cloudwatch' ? { intervalSec: '60' } : {}),
          }
        : { ...f, [k]: e.target.value },
    )
  const check = (k: string) => (e: { target: { checked: boolean } }) =>
    setF({ ...f, [k]: e.target.checked })
  const save = useAction(async () => {
    await api.call('metrics.saveSource', { source: toInput(f, editing?.id, t) })
    onDone()
  })

  const text = (
    k: string,
    label: MessageKey,
    extra: { placeholder?: string; type?: string } = {},
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
  const viaPicker = (
    <SelectField
      frame="metric-form-field"
      label={t('metrics.form.via')}
      testId="metric-form-via"
      value={String(f.via)}
      onChange={set('via')}
      options={[
        { value: '', label: t('metrics.form.direct') },
        ...targets.map((x) => ({ value: x.id, label: x.name })),
      ]}
    />
  )

  return (
    <form
      className="metric-form"
      data-testid="metric-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <h3>{editing ? t('metrics.form.edit', { name: editing.name }) : t('metrics.form.add')}</h3>
      <SelectField
        frame="metric-form-field"
        label={t('metrics.form.kind')}
        testId="metric-form-kind"
        value={kind}
        disabled={editing !== null}
        onChange={set('kind')}
        options={metricSourceKinds.map((k) => ({
          value: k,
          label: t(`metrics.kind.${k}` as MessageKey),
        }))}
      />
      {text('name', 'metrics.form.name')}
      <div className="metric-form-row">
        {text('intervalSec', 'metrics.form.interval', { type: 'number' })}
        {text('timeoutSec', 'metrics.form.timeout', { type: 'number' })}
        <label className="metric-form-check">
          <input type="checkbox" checked={f.enabled === true} onChange={check('enabled')} />
          {t('metrics.form.enabled')}
        </label>
      </div>
      {kind === 'host' || kind === 'access-log' || kind === 'error-log' ? (
        targets.length === 0 ? (
          <p className="muted">{t('metrics.form.noTargets')}</p>
        ) : (
          <SelectField
            frame="metric-form-field"
            label={t('metrics.form.target')}
            testId="metric-form-targetId"
            value={String(f.targetId)}
            onChange={set('targetId')}
            options={[
              { value: '', label: '' },
              ...targets.map((x) => ({ value: x.id, label: `${x.name} (${x.user}@${x.host})` })),
            ]}
          />
        )
      ) : null}
      {kind === 'access-log' ? (
        <>
          {text('path', 'metrics.form.logPath')}
          {text('format', 'metrics.form.logFormat', { placeholder: 'combined' })}
          {text('windowSec', 'metrics.form.logWindow', { type: 'number' })}
        </>
      ) : null}
      {kind === 'error-log' ? (
        <>
          {text('path', 'metrics.form.logPath')}
          <TextField
            frame="metric-form-field"
            label={t('metrics.form.patterns')}
            multiline
            testId="metric-form-patterns"
            rows={3}
            value={String(f.patterns)}
            onChange={set('patterns')}
          />
          {text('eventGapSec', 'metrics.form.eventGap', { type: 'number' })}
        </>
      ) : null}
      {kind === 'http' ? (
        <>
          {text('url', 'metrics.form.url', { placeholder: 'http://localhost:8080/health' })}
          <label className="metric-form-check">
            <input
              type="checkbox"
              data-testid="metric-form-checkBody"
              checked={f.checkBody === true}
              onChange={check('checkBody')}
            />
            {t('metrics.form.checkBody')}
          </label>
          {viaPicker}
        </>
      ) : null}
      {kind === 'prometheus' ? (
        <>
          {text('url', 'metrics.form.url', { placeholder: 'http://prometheus:9090' })}
          <TextField
            frame="metric-form-field"
            label={t('metrics.form.queries')}
            multiline
            testId="metric-form-queries"
            rows={4}
            value={String(f.queries)}
            placeholder={t('metrics.form.queries.placeholder')}
            onChange={set('queries')}
          />
          {text('backfillMinutes', 'metrics.form.backfill', { type: 'number' })}
          {viaPicker}
        </>
      ) : null}
      {kind === 'postgres' ? (
        <>
          <div className="metric-form-row">
            {text('host', 'metrics.form.host')}
            {text('port', 'metrics.form.port', { type: 'number' })}
          </div>
          <div className="metric-form-row">
            {text('database', 'metrics.form.database')}
            {text('user', 'metrics.form.user')}
          </div>
          {text('password', 'metrics.form.password', {
            type: 'password',
            ...(editing?.kind === 'postgres' && editing.hasPassword
              ? { placeholder: t('metrics.form.password.keep') }
              : {}),
          })}
          {text('longQuerySec', 'metrics.form.longQuery', { type: 'number' })}
          {viaPicker}
        </>
      ) : null}
      {kind === 'redis' ? (
        <>
          <div className="metric-form-row">
            {text('host', 'metrics.form.host')}
            {text('port', 'metrics.form.port', { type: 'number' })}
            {text('db', 'metrics.form.db', { type: 'number' })}
          </div>
          <div className="metric-form-row">
            {text('user', 'metrics.form.redisUser')}
            {text('password', 'metrics.form.password', {
              type: 'password',
              ...(editing?.kind === 'redis' && editing.hasPassword
                ? { placeholder: t('metrics.form.password.keep') }
                : {}),
            })}
          </div>
          <div className="metric-form-row">
            <label className="metric-form-check">
              <input
                type="checkbox"
                data-testid="metric-form-tls"
                checked={f.tls === true}
                onChange={check('tls')}
              />
              {t('metrics.form.tls')}
            </label>
            {f.tls === true ? text('tlsCaPath', 'metrics.form.tlsCaPath') : null}
          </div>
          <TextField
            frame="metric-form-field"
            label={t('metrics.form.keys')}
            multiline
            testId="metric-form-keys"
            rows={3}
            value={String(f.keys)}
            onChange={set('keys')}
          />
          <label className="metric-form-check">
            <input
              type="checkbox"
              data-testid="metric-form-production"
              checked={f.production === true}
              onChange={check('production')}
            />
            {t('metrics.form.production')}
          </label>
          {viaPicker}
        </>
      ) : null}
      {isAwsKind(kind) ? <AwsSourceFields kind={kind} f={f} setF={setF} /> : null}
      {kind === 'kubernetes' ? (
        <>
          {text('kubeconfig', 'metrics.form.kubeconfig')}
          {text('context', 'metrics.form.context')}
          {text('namespace', 'metrics.form.namespace')}
        </>
      ) : null}
      <InlineError error={save.error} testId="metric-form-error" />
      <div className="metric-form-buttons">
        <button
          type="submit"
          className="inc-btn primary"
          data-testid="metric-form-save"
          disabled={save.busy}
        >
          {t('metrics.form.save')}
        </button>
        <button type="button" className="inc-btn" onClick={onDone}>
          {t('metrics.form.cancel')}
        </button>
      </div>
    </form>
  )
}
