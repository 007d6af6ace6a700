// Routes binary terminal frames arriving from a renderer (keystrokes, acks) to their sessions.
// Malformed frames and unknown channels are dropped: the sender is not trusted.
import { ackCount, decodeFrame, FrameKind } from '../../../shared/contract'
import type { SessionManager } from '../sessions/sessionManager'
import type { Viewer } from '../sessions/session'

export function routeIncomingFrame(
  sessions: SessionManager,
  viewer: Viewer,
  data: Uint8Array,
): void {
  const frame = decodeFrame(data)
  if (!frame) return
  const session = sessions.byChannelNumber(frame.channel)
  if (!session) return
  if (frame.kind === FrameKind.Input) session.input(frame.payload)
  else if (frame.kind === FrameKind.Ack) {
    const n = ackCount(frame)
    if (n !== null) session.ack(viewer.id, n)
  }
}
