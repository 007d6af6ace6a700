// EarlyCalls' holding of events for a page's socket (core/bridge/earlyCalls.ts): it ends when the
// socket takes them, when HOLD_MS pass, and it gives up (the page reads its state again) past
// 16 MB. The event source is the core's onAny, given as a function: here a plain emitter.
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EarlyCalls, MAX_HOLDS } from '../../../src/main/core/bridge/earlyCalls'
import type { Handlers } from '../../../src/main/core/rpc/handlerTypes'

const bus = new EventEmitter()
const onAny = (l: (event: string, payload: unknown) => void): (() => void) => {
  bus.on('any', l)
  return () => bus.off('any', l)
}
const emit = (event: string, payload: unknown) => bus.emit('any', event, payload)
const handlers = { 'app.info': () => ({ version: 't' }) } as unknown as Handlers
const viewer = { viewer: { id: 'v', sendFrame: () => undefined } }
const ask = (early: EarlyCalls, key: string) =>
  early.answer({ key, calls: [{ id: 1, method: 'app.info', params: {} }] }, viewer)

afterEach(() => {
  vi.useRealTimers()
  bus.removeAllListeners()
})

describe('EarlyCalls holding', () => {
  it('holds from the answer until the socket takes them, then stops listening', async () => {
    const early = new EarlyCalls(handlers, onAny)
    const k = crypto.randomUUID()
    emit('timeline.appended', { n: 0 }) // before the calls: the answer has it
    expect(await ask(early, k)).toMatchObject([{ id: 1, ok: true, result: { version: 't' } }])
    emit('timeline.appended', { n: 1 })
    emit('incident.changed', { n: 2 })
    expect(early.take(k)).toEqual({
      kind: 'events',
      events: [
        JSON.stringify({ event: 'timeline.appended', payload: { n: 1 } }),
        JSON.stringify({ event: 'incident.changed', payload: { n: 2 } }),
      ],
    })
    expect(bus.listenerCount('any')).toBe(0)
    expect(early.take(k)).toEqual({ kind: 'none' })
  })

  it('drops what it held when no socket comes within the hold time', async () => {
    vi.useFakeTimers()
    const early = new EarlyCalls(handlers, onAny, 15_000)
    const k = crypto.randomUUID()
    await ask(early, k)
    emit('timeline.appended', { n: 1 })
    vi.advanceTimersByTime(14_999)
    expect(early.holding()).toBe(1)
    vi.advanceTimersByTime(1)
    expect(early.holding()).toBe(0)
    expect(bus.listenerCount('any')).toBe(0)
    expect(early.take(k)).toEqual({ kind: 'none' })
  })

  it('past 16 MB held it gives up: the socket is told to read the state again', async () => {
    const early = new EarlyCalls(handlers, onAny)
    const k = crypto.randomUUID()
    await ask(early, k)
    const mb = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 17; i++) emit('metrics.sample', { mb })
    expect(early.take(k)).toEqual({ kind: 'overflowed' })
    expect(bus.listenerCount('any')).toBe(0)
  })

  it('a key asked twice keeps holding from the first time; close() stops everything', async () => {
    const early = new EarlyCalls(handlers, onAny)
    const k = crypto.randomUUID()
    await ask(early, k)
    emit('timeline.appended', { n: 1 })
    await ask(early, k)
    emit('timeline.appended', { n: 2 })
    expect(early.take(k)).toMatchObject({
      kind: 'events',
      events: [expect.any(String), expect.any(String)],
    })
    await ask(early, crypto.randomUUID())
    early.close()
    expect(early.holding()).toBe(0)
    expect(bus.listenerCount('any')).toBe(0)
  })

  it(`holds ${MAX_HOLDS} page loads at most: a new one drops the oldest, whose socket gets live events only`, async () => {
    const early = new EarlyCalls(handlers, onAny)
    const keys = Array.from({ length: MAX_HOLDS + 1 }, () => crypto.randomUUID())
    for (const k of keys) await ask(early, k)
    emit('timeline.appended', { n: 1 })
    expect(early.holding()).toBe(MAX_HOLDS)
    expect(bus.listenerCount('any')).toBe(MAX_HOLDS)
    expect(early.take(keys[0] ?? '')).toEqual({ kind: 'none' })
    expect(early.take(keys[1] ?? '')).toMatchObject({
      kind: 'events',
      events: [expect.any(String)],
    })
    expect(early.take(keys[MAX_HOLDS] ?? '')).toMatchObject({ kind: 'events' })
    early.close()
  })
})
