// The Chat notifications panel (#18): this laptop's webhook channels with the kinds of events
// each gets, a test message, a form to add one (the URL sealed like a password and never shown
// again) and the open incident's deliveries with their state. Built from the form kit.
import { useEffect, useRef, useState } from 'react'
import {
  notifyChannelTypes,
  notifyKinds,
  type NotifyChannelType,
  type NotifyChannelView,
  type NotifyKind,
} from '../../../../shared/contract'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useTeam } from '../../stores/teamStore'
import { InlineError } from '../../ui/InlineError'
import { SecretField, SelectField, TextField } from '../../ui/fields'
import { useAction } from '../../ui/useAction'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { useNotify } from './notifyStore'
import './notify.css'

function KindBoxes({
  value,
  onChange,
  testId,
}: {
  value: readonly NotifyKind[]
  onChange(kinds: NotifyKind[]): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <fieldset className="notify-kinds" data-testid={testId}>
      <legend>{t('notify.kinds')}</legend>
      {notifyKinds.map((k) => (
        <label key={k}>
          <input
            type="checkbox"
            checked={value.includes(k)}
            data-kind={k}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? notifyKinds.filter((x) => x === k || value.includes(x))
                  : value.filter((x) => x !== k),
              )
            }
          />
          {t(`notify.kind.${k}`)}
        </label>
      ))}
    </fieldset>
  )
}

function ChannelRow({ channel }: { channel: NotifyChannelView }): React.JSX.Element {
  const t = useT()
  const [result, setResult] = useState<string | null>(null)
  const test = useAction(async () => {
    setResult(null)
    const r = await useNotify.getState().test(channel.id)
    setResult(
      r.ok
        ? t('notify.test.ok', { status: r.status ?? '' })
        : t('notify.test.failed', { reason: r.reason ?? '' }),
    )
  })
  const update = useAction(async (kinds: NotifyKind[]) => {
    await useNotify.getState().update({ id: channel.id, kinds })
  })
  const remove = useAction(async () => {
    await useNotify.getState().remove(channel.id)
  })
  return (
    <li className="notify-channel" data-testid="notify-channel" data-name={channel.name}>
      <div className="notify-channel-head">
        <strong>{channel.name}</strong>
        <span className="muted">
          {t(`notify.type.${channel.type}`)} · <span className="mono">{channel.host}</span> ·{' '}
          {t(`notify.scope.${channel.scope}`)} · {t(`notify.lang.${channel.lang}`)}
        </span>
      </div>
      <KindBoxes
        value={channel.kinds}
        testId="notify-channel-kinds"
        onChange={(kinds) => void update.run(kinds)}
      />
      <div className="notify-actions">
        <button
          type="button"
          className="inc-btn"
          data-testid="notify-test"
          disabled={test.busy}
          onClick={() => void test.run()}
        >
          {t('notify.test')}
        </button>
        <button
          type="button"
          className="inc-btn"
          data-testid="notify-remove"
          disabled={remove.busy}
          onClick={() => void remove.run()}
        >
          {t('notify.remove')}
        </button>
      </div>
      {result ? (
        <p role="status" className="notify-test-result" data-testid="notify-test-result">
          {result}
        </p>
      ) : null}
      <InlineError error={test.error ?? update.error ?? remove.error} />
    </li>
  )
}

function AddChannel(): React.JSX.Element {
  const t = useT()
  const inTeam = useTeam((s) => s.settings !== null)
  const [name, setName] = useState('')
  const [type, setType] = useState<NotifyChannelType>('slack')
  const [url, setUrl] = useState('')
  // Messages in the responder's own language unless they pick another.
  const [lang, setLang] = useState<'en' | 'ja'>(() => useLocale.getState().locale)
  const [kinds, setKinds] = useState<NotifyKind[]>(['status_update', 'declared', 'resolved'])
  const [shared, setShared] = useState(true)
  const add = useAction(async () => {
    await useNotify.getState().add({
      name,
      type,
      url,
      lang,
      kinds,
      scope: inTeam && shared ? 'team' : 'install',
    })
    // The URL leaves the page once saved: only its host is ever shown again.
    setUrl('')
    setName('')
  })
  return (
    <form
      className="notify-add"
      data-testid="notify-add"
      onSubmit={(e) => {
        e.preventDefault()
        void add.run()
      }}
    >
      <h3>{t('notify.add.title')}</h3>
      <TextField
        label={t('notify.add.name')}
        hint={t('notify.add.name.hint')}
        testId="notify-name"
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        required
      />
      <SelectField
        label={t('notify.add.type')}
        testId="notify-type"
        value={type}
        options={notifyChannelTypes.map((v) => ({ value: v, label: t(`notify.type.${v}`) }))}
        onChange={(e) => setType(e.target.value as NotifyChannelType)}
      />
      <SecretField
        label={t('notify.add.url')}
        hint={t('notify.add.url.hint')}
        testId="notify-url"
        className="wide"
        controlClassName="mono"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        required
      />
      <SelectField
        label={t('notify.add.lang')}
        testId="notify-lang"
        value={lang}
        options={(['en', 'ja'] as const).map((v) => ({ value: v, label: t(`notify.lang.${v}`) }))}
        onChange={(e) => setLang(e.target.value as 'en' | 'ja')}
      />
      <KindBoxes value={kinds} onChange={setKinds} testId="notify-add-kinds" />
      {inTeam ? (
        <label className="notify-shared">
          <input
            type="checkbox"
            data-testid="notify-shared"
            checked={shared}
            onChange={(e) => setShared(e.target.checked)}
          />
          {t('notify.add.shared')}
        </label>
      ) : null}
      <InlineError error={add.error} testId="notify-add-error" />
      <button
        type="submit"
        className="inc-btn primary"
        data-testid="notify-add-submit"
        disabled={add.busy || !name.trim() || !url.trim()}
      >
        {t('notify.add.submit')}
      </button>
    </form>
  )
}

function Deliveries(): React.JSX.Element {
  const t = useT()
  const deliveries = useNotify((s) => s.deliveries)
  return (
    <section className="notify-deliveries" data-testid="notify-deliveries">
      <h3>{t('notify.deliveries')}</h3>
      {deliveries.length === 0 ? (
        <p className="muted">{t('notify.deliveries.none')}</p>
      ) : (
        <ul>
          {deliveries.map((d) => (
            <li key={d.key} data-testid="notify-delivery" data-state={d.state}>
              <span className={`notify-state notify-${d.state}`}>
                {t(`notify.state.${d.state}`)}
              </span>{' '}
              {t(`notify.kind.${d.kind}`)} → {d.channelName}
              {d.attempts > 1 ? ` · ${t('notify.delivery.tries', { n: d.attempts })}` : ''}
              {d.sentBy ? ` · ${t('notify.delivery.by', { by: d.sentBy })}` : ''}
              {d.reason && d.state !== 'sent' ? <span className="muted"> — {d.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function NotifyPanel({
  incidentId,
  onClose,
}: {
  incidentId: string | null
  onClose(): void
}): React.JSX.Element {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  useDialogFocus(ref, { onEscape: onClose })
  const channels = useNotify((s) => s.channels)
  useEffect(() => {
    void useNotify.getState().load(incidentId)
  }, [incidentId])
  return (
    <div
      ref={ref}
      className="notify-panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="notify-panel-title"
      data-testid="notify-panel"
    >
      <div className="notify-title-row">
        <h2 id="notify-panel-title">{t('notify.panel.title')}</h2>
        <button type="button" className="inc-btn" data-testid="notify-close" onClick={onClose}>
          {t('notify.close')}
        </button>
      </div>
      <p className="muted">{t('notify.panel.intro')}</p>
      <h3>{t('notify.channels')}</h3>
      {channels.length === 0 ? (
        <p className="muted" data-testid="notify-none">
          {t('notify.none')}
        </p>
      ) : (
        <ul className="notify-channels">
          {channels.map((c) => (
            <ChannelRow key={c.id} channel={c} />
          ))}
        </ul>
      )}
      {incidentId ? <Deliveries /> : null}
      <AddChannel />
    </div>
  )
}
