// Live countdowns of the active incident's upcoming timers (response start, time boxes,
// escalations, status-update cadence). The list comes from main; the seconds tick here.
import { useEffect, useState } from 'react'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { formatDuration } from './duration'

const SHOWN = 4

export function TimerCountdowns(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const timers = useIncidents((s) => s.timers)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  const sorted = [...timers].sort((a, b) => a.dueAt - b.dueAt)
  return (
    <div className="timers" data-testid="timers" aria-label={t('timers.title')}>
      {sorted.length === 0 ? <span className="timers-none">{t('timers.none')}</span> : null}
      {sorted.slice(0, SHOWN).map((timer) => {
        const left = timer.dueAt - now
        const overdue = timer.state === 'overdue' || left <= 0
        return (
          <span
            key={timer.key}
            className={`timer timer-${timer.kind}${overdue ? ' overdue' : ''}`}
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
      })}
    </div>
  )
}
