// A recording turned into something to play: output and resize steps on a playback clock where
// long idle gaps are shortened (a responder thinking for 5 minutes should not mean 5 minutes of
// nothing), plus the loader that pages the recording in from main.
import type { RecordingChunk, RecordingInfo } from '../../../../shared/contract'
import type { Api } from '../../api'

/** Idle gaps longer than this play as this long. */
export const IDLE_CAP_MS = 2_000

export type Step =
  | { at: number; kind: 'o'; bytes: Uint8Array }
  | { at: number; kind: 'r'; cols: number; rows: number }

export interface Track {
  info: RecordingInfo
  steps: Step[]
  /** Playback length in ms (after idle capping). */
  duration: number
}

function fromBase64(data: string): Uint8Array {
  const bin = atob(data)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** Steps from stored chunks (input is left out: the terminal's echo is in the output). */
export function buildSteps(chunks: readonly RecordingChunk[], startedAt: number): Step[] {
  const steps: Step[] = []
  let clock = 0
  let last = startedAt
  for (const c of chunks) {
    if (c.direction === 'i') continue
    clock += Math.min(Math.max(0, c.at - last), IDLE_CAP_MS)
    last = Math.max(last, c.at)
    if (c.direction === 'o') steps.push({ at: clock, kind: 'o', bytes: fromBase64(c.data) })
    else {
      const m = /^(\d+)x(\d+)$/.exec(new TextDecoder().decode(fromBase64(c.data)))
      if (m) steps.push({ at: clock, kind: 'r', cols: Number(m[1]), rows: Number(m[2]) })
    }
  }
  return steps
}

/**
 * Pages the whole recording in (1 MB per call), reporting progress in output bytes. A session
 * still open plays what was recorded up to now.
 */
export async function loadTrack(
  api: Api,
  sessionId: string,
  onProgress: (loaded: number, total: number) => void,
  signal: { cancelled: boolean },
  /** A transcript another responder shared: read from the team server (#18). */
  sharedBy?: { origin: string },
): Promise<Track | null> {
  const chunks: RecordingChunk[] = []
  let afterId = 0
  let info: RecordingInfo | null = null
  let loaded = 0
  for (;;) {
    const page = sharedBy
      ? await api.call('team.sharedRecording', { origin: sharedBy.origin, sessionId, afterId })
      : await api.call('sessions.recording', { sessionId, afterId })
    if (signal.cancelled) return null
    info = page.info
    for (const c of page.chunks) {
      chunks.push(c)
      // base64 length × 3/4 is the byte count, near enough for a progress bar.
      if (c.direction === 'o') loaded += Math.floor((c.data.length * 3) / 4)
    }
    onProgress(loaded, Math.max(info.outputBytes, loaded))
    if (page.nextAfterId === null) break
    afterId = page.nextAfterId
  }
  const steps = buildSteps(chunks, info.startedAt)
  return { info, steps, duration: steps[steps.length - 1]?.at ?? 0 }
}
