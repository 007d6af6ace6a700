// Binary terminal frames: [kind u8][channel u32 BE][payload]. Never base64, never JSON.
// Their own module without zod, so the renderer's first chunk can use them without the schemas
// (issue #20); contract.ts re-exports them.
export const FrameKind = {
  /** main → renderer: terminal output bytes. */
  Output: 1,
  /** renderer → main: bytes the user typed or pasted. */
  Input: 2,
  /** renderer → main: payload is a u32 count of output bytes xterm.js has parsed. */
  Ack: 3,
} as const
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind]

export const FRAME_HEADER_BYTES = 5

export interface Frame {
  kind: FrameKind
  channel: number
  payload: Uint8Array
}

export function encodeFrame(kind: FrameKind, channel: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.byteLength)
  out[0] = kind
  new DataView(out.buffer).setUint32(1, channel >>> 0)
  out.set(payload, FRAME_HEADER_BYTES)
  return out
}

export function encodeAck(channel: number, bytes: number): Uint8Array {
  const payload = new Uint8Array(4)
  new DataView(payload.buffer).setUint32(0, Math.min(bytes, 0xffffffff) >>> 0)
  return encodeFrame(FrameKind.Ack, channel, payload)
}

/** Returns null for anything that is not a well-formed frame: the sender may be hostile. */
export function decodeFrame(data: Uint8Array): Frame | null {
  if (data.byteLength < FRAME_HEADER_BYTES) return null
  const kind = data[0]
  if (kind !== 1 && kind !== 2 && kind !== 3) return null
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  return {
    kind,
    channel: view.getUint32(1),
    payload: data.subarray(FRAME_HEADER_BYTES),
  }
}

export function ackCount(frame: Frame): number | null {
  if (frame.kind !== FrameKind.Ack || frame.payload.byteLength !== 4) return null
  return new DataView(frame.payload.buffer, frame.payload.byteOffset, 4).getUint32(0)
}
