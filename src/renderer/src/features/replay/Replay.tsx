// The Recordings toggle and sheet: every recorded session (open or closed, newest first), and
// the player for the one picked. Mounted once by App.
import { Suspense, useEffect, useRef } from 'react'
import { useCommand } from '../../stores/commandsStore'
import { useTeam } from '../../stores/teamStore'
import { useDialogFocus } from '../../ui/useDialogFocus'
import type { RecordingInfo } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import './replay.css'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { useReplay } from './replayStore'

// The player (its own xterm and the track) loads when a recording is first played (issue #20).
const ReplayView = lazyPart(() => import('./ReplayView'), 'ReplayView')

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function RecordingRow({ r }: { r: RecordingInfo }): React.JSX.Element {
  const t = useT()
  return (
    <li className="replay-row" data-testid="recording-row" data-session-id={r.sessionId}>
      <div className="replay-row-main">
        <strong>{r.title}</strong>
        <span className="muted">
          {new Date(r.startedAt).toLocaleString()} ·{' '}
          {r.endedAt === null
            ? t('replay.live')
            : r.endReason === 'crash'
              ? t('replay.endedByCrash')
              : t('replay.exit', { code: r.exitCode === null ? '—' : r.exitCode })}{' '}
          · {t('replay.size', { size: size(r.outputBytes) })}
        </span>
      </div>
      <button
        type="button"
        className="inc-btn"
        data-testid="recording-play"
        onClick={() => useReplay.getState().play(r.sessionId)}
      >
        {t('replay.open')}
      </button>
    </li>
  )
}

export function Replay(): React.JSX.Element {
  const t = useT()
  const open = useReplay((s) => s.open)
  const playing = useReplay((s) => s.playing)
  const shared = useReplay((s) => s.shared)
  // The Team panel asked to open a transcript another responder shared (#18).
  const request = useTeam((s) => s.replayRequest)
  useEffect(() => {
    if (!request) return
    const r = useTeam.getState().takeReplayRequest()
    if (r) useReplay.getState().playShared(r)
  }, [request])
  const recordings = useReplay((s) => s.recordings)
  const onlyIncident = useReplay((s) => s.onlyIncident)

  const ref = useRef<HTMLElement>(null)
  useDialogFocus(ref, {
    openKey: open || null,
    onEscape: () => useReplay.getState().setOpen(false),
  })
  useCommand('panel.recordings', () => useReplay.getState().setOpen(true))

  return (
    <>
      <button
        type="button"
        className="corner-toggle replay-toggle"
        data-testid="replay-toggle"
        aria-pressed={open}
        title={t('replay.toggle.tooltip')}
        onClick={() => useReplay.getState().setOpen(!open)}
      >
        {t('replay.toggle')}
      </button>
      {open ? (
        <section
          className="side-sheet replay-panel"
          data-testid="replay-panel"
          role="dialog"
          aria-label={t('replay.title')}
          ref={ref}
        >
          <header className="side-sheet-head">
            <h2>{t('replay.title')}</h2>
            <button
              type="button"
              className="inc-icon-btn"
              aria-label={t('replay.close')}
              onClick={() => useReplay.getState().setOpen(false)}
            >
              ×
            </button>
          </header>
          <div className="side-sheet-body" data-dialog-body>
            {playing ? (
              <>
                <button
                  type="button"
                  className="inc-btn"
                  data-testid="replay-back"
                  onClick={() => useReplay.getState().play(null)}
                >
                  {t('replay.back')}
                </button>
                <Suspense fallback={<PartLoading />}>
                  <ReplayView
                    key={`${shared?.origin ?? ''}/${playing}`}
                    sessionId={playing}
                    shared={shared}
                  />
                </Suspense>
              </>
            ) : (
              <>
                <label className="replay-filter">
                  <input
                    type="checkbox"
                    checked={onlyIncident}
                    onChange={(e) => useReplay.getState().setOnlyIncident(e.target.checked)}
                  />
                  {t('replay.onlyIncident')}
                </label>
                {recordings.length === 0 ? (
                  <p className="muted">{t('replay.empty')}</p>
                ) : (
                  <ul className="replay-list" data-testid="recording-list">
                    {recordings.map((r) => (
                      <RecordingRow key={r.sessionId} r={r} />
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
        </section>
      ) : null}
    </>
  )
}
