// The live tail of a CloudWatch Logs source on its card: every matching line the source has
// read, newest at the bottom. It asks for the lines after the last one it shows each time the
// source has polled, so it costs nothing while the source is quiet. The timeline gets only a
// rate-limited summary of the same lines.
import { useEffect, useRef, useState } from 'react'
import type { AwsLogLine } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'

/** Lines kept on screen; the core keeps the newest 500 per source. */
const SHOWN = 200

export function AwsLogTail({
  sourceId,
  tick,
}: {
  sourceId: string
  tick: number
}): React.JSX.Element {
  const t = useT()
  const [lines, setLines] = useState<AwsLogLine[]>([])
  const lastSeq = useRef(0)
  const box = useRef<HTMLOListElement | null>(null)

  useEffect(() => {
    let live = true
    api
      .call('aws.logTail', { sourceId, afterSeq: lastSeq.current })
      .then((r) => {
        if (!live || r.lines.length === 0) return
        // A new collector (settings saved) numbers from 1 again: start over.
        const restarted = r.lastSeq < lastSeq.current
        lastSeq.current = r.lastSeq
        setLines((old) => [...(restarted ? [] : old), ...r.lines].slice(-SHOWN))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [sourceId, tick])

  useEffect(() => {
    const el = box.current
    if (el) el.scrollTop = el.scrollHeight
  }, [lines])

  return (
    <section className="metric-logtail" aria-label={t('aws.tail.title')}>
      <h4 className="metric-logtail-title">{t('aws.tail.title')}</h4>
      {lines.length === 0 ? (
        <p className="muted">{t('aws.tail.empty')}</p>
      ) : (
        <ol className="metric-logtail-lines" ref={box} role="log" data-testid="aws-log-tail">
          {lines.map((l) => (
            <li key={l.seq} className="metric-logtail-line">
              <time className="metric-logtail-at" dateTime={new Date(l.at).toISOString()}>
                {new Date(l.at).toLocaleTimeString()}
              </time>{' '}
              {l.message}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
