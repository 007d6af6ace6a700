// Plays one recording: an xterm.js terminal (read-only: keys go nowhere) with play/pause,
// speed, a seek bar and the position on the shortened playback clock.
import { Terminal } from '@xterm/xterm'
import { addSafeLinks, safeTerminalOptions } from '../../ui/safeTerminal'
import { useEffect, useRef, useState } from 'react'
import type { SharedTranscriptInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { reportError } from '../../stores/toastStore'
import { terminalLook } from '../../ui/terminalTheme'
import { ReplayPlayer, type PlayerState } from './replayPlayer'
import { loadTrack, type Track } from './replayTrack'

const SPEEDS = [0.5, 1, 2, 4, 16]

function clock(ms: number): string {
  const s = Math.floor(ms / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export function ReplayView({
  sessionId,
  shared,
}: {
  sessionId: string
  /** A transcript another responder shared (#18): read only, redacted on their laptop. */
  shared?: SharedTranscriptInfo | null
}): React.JSX.Element {
  const t = useT()
  const host = useRef<HTMLDivElement>(null)
  const player = useRef<ReplayPlayer | null>(null)
  const [track, setTrack] = useState<Track | null>(null)
  const [progress, setProgress] = useState(0)
  const [state, setState] = useState<PlayerState>({ position: 0, playing: false, ended: false })
  const [speed, setSpeed] = useState(1)

  useEffect(() => {
    // Keyed by session in Replay.tsx: a new recording is a new component with fresh state.
    const signal = { cancelled: false }
    loadTrack(
      api,
      sessionId,
      (loaded, total) => setProgress(total ? loaded / total : 1),
      signal,
      shared ? { origin: shared.origin } : undefined,
    )
      .then((loaded) => {
        if (loaded) setTrack(loaded)
      })
      .catch((err: unknown) => reportError('action.failed.replay', err))
    return () => {
      signal.cancelled = true
    }
  }, [sessionId, shared])

  useEffect(() => {
    if (!track || !host.current) return
    const term = new Terminal({
      ...terminalLook,
      // A replayed transcript is the host's output again: links and reports as in a live pane.
      ...safeTerminalOptions,
      cols: track.info.cols,
      rows: track.info.rows,
      disableStdin: true,
      scrollback: 10_000,
    })
    term.open(host.current)
    addSafeLinks(term)
    const p = new ReplayPlayer(term, track, setState)
    player.current = p
    p.play()
    return () => {
      p.dispose()
      player.current = null
      term.dispose()
    }
  }, [track])

  useEffect(() => player.current?.setSpeed(speed), [speed])

  return (
    <div className="replay-view" data-testid="replay-view">
      {shared ? (
        <p className="muted" data-testid="replay-shared-banner">
          {t('team.share.banner', { author: shared.author, laptop: shared.originName })}
        </p>
      ) : null}
      {shared?.offline ? (
        <p className="muted" data-testid="replay-shared-offline">
          {t('team.share.bannerOffline')}
        </p>
      ) : null}
      {!track ? (
        <p className="muted" data-testid="replay-loading">
          {t('replay.loading', { percent: Math.round(progress * 100) })}
        </p>
      ) : (
        <div className="replay-controls">
          <button
            type="button"
            className="inc-btn primary"
            data-testid="replay-play"
            onClick={() => (state.playing ? player.current?.pause() : player.current?.play())}
          >
            {state.playing ? t('replay.pause') : t('replay.play')}
          </button>
          <button type="button" className="inc-btn" onClick={() => player.current?.seek(0)}>
            {t('replay.restart')}
          </button>
          <label className="replay-speed">
            {t('replay.speed')}
            <select
              data-testid="replay-speed"
              value={speed}
              onChange={(e) => setSpeed(Number(e.target.value))}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <input
            type="range"
            className="replay-seek"
            data-testid="replay-seek"
            aria-label={t('replay.seek')}
            min={0}
            max={Math.max(1, track.duration)}
            value={state.position}
            onChange={(e) => player.current?.seek(Number(e.target.value))}
          />
          <span className="mono replay-clock" data-testid="replay-clock">
            {clock(state.position)} / {clock(track.duration)}
          </span>
          {state.ended ? (
            <span className="muted" data-testid="replay-ended">
              {t('replay.ended')}
            </span>
          ) : null}
        </div>
      )}
      <div className="replay-term" data-testid="replay-term" ref={host} />
      {track ? <p className="muted replay-note">{t('replay.idleCap')}</p> : null}
    </div>
  )
}
