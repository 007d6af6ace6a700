import { describe, expect, it } from 'vitest'
import {
  ackCount,
  decodeFrame,
  encodeAck,
  encodeFrame,
  FrameKind,
  methodNames,
  paramSchemas,
} from '../../../src/shared/contract'

describe('binary frames', () => {
  it('round-trips output bytes without any text encoding', () => {
    const payload = new Uint8Array([0, 255, 27, 91, 0xe3, 0x81, 0x82])
    const frame = decodeFrame(encodeFrame(FrameKind.Output, 70_000, payload))
    expect(frame?.kind).toBe(FrameKind.Output)
    expect(frame?.channel).toBe(70_000)
    expect([...(frame?.payload ?? [])]).toEqual([...payload])
  })

  it('carries acks as a u32 count', () => {
    const frame = decodeFrame(encodeAck(3, 123_456_789))
    expect(frame && ackCount(frame)).toBe(123_456_789)
  })

  it('rejects malformed frames', () => {
    expect(decodeFrame(new Uint8Array([1, 0, 0]))).toBeNull()
    expect(decodeFrame(new Uint8Array([9, 0, 0, 0, 1]))).toBeNull()
    const badAck = decodeFrame(encodeFrame(FrameKind.Ack, 1, new Uint8Array(3)))
    expect(badAck && ackCount(badAck)).toBeNull()
  })
})

describe('method schemas', () => {
  it('every method has a schema and unknown keys are refused', () => {
    expect(methodNames.length).toBeGreaterThan(5)
    for (const m of methodNames) {
      expect(paramSchemas[m].safeParse({ surprise: 1 }).success, m).toBe(false)
    }
  })
})
