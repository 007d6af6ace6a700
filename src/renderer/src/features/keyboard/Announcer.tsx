// The live regions a screen reader follows: timeline events of the active incident, pane
// disconnects and the core's connection (polite); fired timers and threshold alerts
// (assertive). Rate-limited (ui/announceQueue.ts): a flood is summed up as "and N more".
import { useEffect, useRef, useState } from 'react'
import { eventLine, crossingText } from '../../../../shared/eventText'
import { api } from '../../api'
import { t as translateNow, useLocale } from '../../i18n/locale'
import { useApp } from '../../stores/appStore'
import { useIncidents } from '../../stores/incidentsStore'
import { useKeyboard, type Politeness } from '../../stores/keyboardStore'
import { useMetrics } from '../../stores/metricsStore'
import { useSessions } from '../../stores/sessionsStore'
import { takeBatch, TICK_MS } from '../../ui/announceQueue'

/** Feeds the announcer from the core's events and the stores, once per page. */
function useSources(): void {
  useEffect(() => {
    const lang = (): 'en' | 'ja' => useLocale.getState().locale
    const say = useKeyboard.getState().announce
    const offs: (() => void)[] = []
    offs.push(
      api.on('timeline.appended', (e) => {
        // A declaration arrives before this window makes the new incident the active one.
        if (e.incidentId !== useIncidents.getState().activeId && e.kind !== 'incident.declared')
          return
        // Crossings are announced (assertively) from the alerts below; the command lines the
        // responder typed themselves would only repeat their own typing.
        if (
          e.kind.startsWith('metric') ||
          e.kind === 'command.typed' ||
          e.kind === 'broadcast.line'
        )
          return
        say(eventLine(e, { lang: lang() }))
      }),
    )
    offs.push(
      useIncidents.subscribe((s, prev) => {
        for (const f of s.fired) {
          if (!prev.fired.some((p) => p.key === f.key)) say(f.name[lang()], 'assertive')
        }
      }),
    )
    offs.push(
      useMetrics.subscribe((s, prev) => {
        for (const a of s.alerts) {
          if (!prev.alerts.some((p) => p.key === a.key))
            say(
              crossingText(a as unknown as Parameters<typeof crossingText>[0], lang()),
              'assertive',
            )
        }
      }),
    )
    offs.push(
      useSessions.subscribe((s, prev) => {
        for (const p of s.panes) {
          const before = prev.panes.find((x) => x.id === p.id)
          if (before && before.state !== 'closed' && p.state === 'closed')
            say(translateNow('announce.disconnected', { name: p.title }))
        }
      }),
    )
    offs.push(
      useApp.subscribe((s, prev) => {
        if (s.connection === prev.connection) return
        if (s.connection === 'disconnected') say(translateNow('announce.connection.lost'))
        else if (s.connection === 'connected' && prev.connection === 'disconnected')
          say(translateNow('announce.connection.back'))
      }),
    )
    return () => offs.forEach((off) => off())
  }, [])
}

function useLiveText(politeness: Politeness): string {
  const [text, setText] = useState('')
  const pending = useRef<string[]>([])
  const seen = useRef(0)
  useEffect(
    () =>
      useKeyboard.subscribe((s) => {
        for (const a of s.announcements) {
          if (a.id <= seen.current) continue
          seen.current = a.id
          if (a.politeness === politeness) pending.current.push(a.text)
        }
      }),
    [politeness],
  )
  useEffect(() => {
    const id = setInterval(() => {
      const batch = takeBatch(pending.current)
      if (!batch) return
      const more = batch.more > 0 ? [translateNow('announce.more', { count: batch.more })] : []
      setText([...batch.texts, ...more].join('. '))
    }, TICK_MS[politeness])
    return () => clearInterval(id)
  }, [politeness])
  return text
}

export function Announcer(): React.JSX.Element {
  useSources()
  const polite = useLiveText('polite')
  const assertive = useLiveText('assertive')
  return (
    <>
      <div
        className="visually-hidden"
        role="status"
        aria-live="polite"
        data-testid="announce-polite"
      >
        {polite}
      </div>
      <div
        className="visually-hidden"
        role="alert"
        aria-live="assertive"
        data-testid="announce-assertive"
      >
        {assertive}
      </div>
    </>
  )
}
