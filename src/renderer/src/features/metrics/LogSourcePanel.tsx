// What an access-log or error-log source shows under its chart: whether `tail -F` is running
// (and why it stopped), the window's figures, the top failing paths, the lines that did not
// match the format, or the lines that matched a pattern. Asked again each time the source has
// polled, so it costs nothing while the source is quiet.
import { useEffect, useState } from 'react'
import type { LogSourceDetail } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'

const pct = (v: number): string => `${v < 10 ? v.toFixed(1) : Math.round(v)} %`
const ms = (v: number | null): string =>
  v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`
const time = (at: number | null): string => (at ? new Date(at).toLocaleTimeString() : '—')

export function LogSourcePanel({
  sourceId,
  path,
  tick,
}: {
  sourceId: string
  path: string
  tick: number
}): React.JSX.Element | null {
  const t = useT()
  const [d, setD] = useState<LogSourceDetail | null>(null)

  useEffect(() => {
    let live = true
    api
      .call('metrics.logDetail', { sourceId })
      .then((r) => {
        if (live) setD(r)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [sourceId, tick])

  if (!d) return null
  const { follow, access, errors } = d
  return (
    <section className="metric-log" data-testid="metric-log" aria-label={path}>
      <p className={`metric-log-state state-${follow.state}`} data-testid="metric-log-state">
        {follow.state === 'following'
          ? t('metrics.log.following', { path, time: time(follow.since) })
          : follow.state === 'down'
            ? t('metrics.log.down', {
                path,
                time: time(follow.lastDrop?.at ?? null),
                reason: follow.lastDrop?.reason ?? '?',
              })
            : t('metrics.log.starting', { path })}
        {follow.restarts > 0 && follow.lastDrop ? (
          <span className="muted" data-testid="metric-log-restarts">
            {' · '}
            {t('metrics.log.restarts', {
              count: follow.restarts,
              time: time(follow.lastDrop.at),
              reason: follow.lastDrop.reason,
            })}
          </span>
        ) : null}
      </p>
      {access ? (
        <>
          <p className="metric-log-figures" data-testid="metric-log-figures">
            {t('metrics.log.figures', {
              seconds: Math.round(access.figures.seconds),
              requests: access.figures.requests,
              rps: access.figures.requestsPerSec.toFixed(2),
              r5: pct(access.figures.rate5xxPercent),
              r4: pct(access.figures.rate4xxPercent),
            })}
            <br />
            {access.hasRequestTime
              ? t('metrics.log.latency', {
                  p50: ms(access.figures.p50Ms),
                  p95: ms(access.figures.p95Ms),
                  p99: ms(access.figures.p99Ms),
                })
              : t('metrics.log.noLatency')}
          </p>
          <h4 className="metric-logtail-title">{t('metrics.log.topFailing')}</h4>
          {access.topFailing.length === 0 ? (
            <p className="muted">{t('metrics.log.noFailing')}</p>
          ) : (
            <table className="metric-log-paths" data-testid="metric-log-paths">
              <thead>
                <tr>
                  <th scope="col">{t('metrics.log.path')}</th>
                  <th scope="col">5xx</th>
                  <th scope="col">4xx</th>
                </tr>
              </thead>
              <tbody>
                {access.topFailing.map((p) => (
                  <tr key={p.path}>
                    <td className="metric-log-path" title={p.path}>
                      {p.path}
                    </td>
                    <td>{p.s5xx}</td>
                    <td>{p.s4xx}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {access.unparsed > 0 ? (
            <details className="metric-log-unparsed" data-testid="metric-log-unparsed">
              <summary>
                {t('metrics.log.unparsed', { count: access.unparsed, lines: access.lines })}
              </summary>
              <ol className="metric-logtail-lines">
                {access.unparsedRecent.map((l, i) => (
                  <li key={i} className="metric-logtail-line">
                    {l}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </>
      ) : null}
      {errors ? (
        <>
          <p className="metric-log-figures" data-testid="metric-log-matched">
            {t('metrics.log.matched', {
              matched: errors.matched,
              lines: errors.lines,
              waiting: errors.waiting,
            })}
          </p>
          <h4 className="metric-logtail-title">{t('metrics.log.recent')}</h4>
          {errors.recent.length === 0 ? (
            <p className="muted">{t('metrics.log.noMatches')}</p>
          ) : (
            <ol className="metric-logtail-lines" role="log" data-testid="metric-log-recent">
              {errors.recent.map((l, i) => (
                <li key={i} className="metric-logtail-line">
                  <time className="metric-logtail-at" dateTime={new Date(l.at).toISOString()}>
                    {time(l.at)}
                  </time>{' '}
                  {l.line}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
      {follow.notes.length > 0 ? (
        <details className="metric-log-notes">
          <summary>{t('metrics.log.notes')}</summary>
          <ol className="metric-logtail-lines">
            {follow.notes.map((n, i) => (
              <li key={i} className="metric-logtail-line">
                {n}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  )
}
