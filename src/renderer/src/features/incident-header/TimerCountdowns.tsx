// Live countdowns of the active incident's upcoming timers (response start, time boxes,
// escalations, status-update cadence). The list comes from main; the seconds tick here.
//
// The header must never scroll sideways (it hid the response target and the checklist count at
// 1440 px), so only what matters next is shown inline: the timer due soonest, and the
// response-start target while it is pending, as compact chips. The rest is one click away in a
// list that opens under the chips (Escape or a second click closes it).
import { useEffect, useRef, useState } from 'react'
import type { UpcomingTimer } from '../../../../shared/contract'
import { useLocale, type Locale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { formatDuration } from '../../ui/duration'

function TimerChip({
  timer,
  now,
  locale,
  compact,
}: {
  timer: UpcomingTimer
  now: number
  locale: Locale
  compact: boolean
}): React.JSX.Element {
  const t = useT()
  const left = timer.dueAt - now
  const overdue = timer.state === 'overdue' || left <= 0
  return (
    <span
      className={`timer timer-${timer.kind}${overdue ? ' overdue' : ''}${compact ? ' compact' : ''}`}
      data-testid="timer"
      data-kind={timer.kind}
      title={
        `${timer.name[locale]} — ${new Date(timer.dueAt).toLocaleTimeString(locale)}` +
        (timer.notify ? `\n${t('timers.notify', { who: timer.notify })}` : '')
      }
    >
      <span className="timer-name">{timer.name[locale]}</span>
      <span className="timer-left">
        {overdue
          ? t('timers.overdue', { time: formatDuration(-left) })
          : t('timers.due', { time: formatDuration(left) })}
      </span>
    </span>
  )
}

export function TimerCountdowns(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const timers = useIncidents((s) => s.timers)
  const [now, setNow] = useState(() => Date.now())
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  useEffect(() => {
    if (!open) return
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === 'Escape') setOpen(false)
    }
    const onDown = (ev: MouseEvent): void => {
      if (box.current && !box.current.contains(ev.target as Node)) setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('mousedown', onDown)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('mousedown', onDown)
    }
  }, [open])

  const sorted = [...timers].sort((a, b) => a.dueAt - b.dueAt)
  const next = sorted[0]
  const response = sorted.find((x) => x.kind === 'response-start')
  const inline = [next, response !== next ? response : undefined].filter(
    (x): x is UpcomingTimer => x !== undefined,
  )
  const more = sorted.length - inline.length
  return (
    <div className="timers" data-testid="timers" aria-label={t('timers.title')} ref={box}>
      {sorted.length === 0 ? <span className="timers-none">{t('timers.none')}</span> : null}
      {inline.map((timer) => (
        <TimerChip key={timer.key} timer={timer} now={now} locale={locale} compact />
      ))}
      {sorted.length > 1 ? (
        <button
          type="button"
          className="timers-more"
          data-testid="timers-more"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {more > 0 ? t('timers.more', { count: more }) : t('timers.all')}
        </button>
      ) : null}
      {open ? (
        <div className="timers-list" data-testid="timers-list" role="list">
          {sorted.map((timer) => (
            <div role="listitem" key={timer.key}>
              <TimerChip timer={timer} now={now} locale={locale} compact={false} />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}
