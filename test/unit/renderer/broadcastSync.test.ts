// The window keeps the core's broadcast targets in step with its own broadcast store (the real
// zustand store): the set goes out at start (a reloaded page clears what the last one set), on
// every change of on/off or targets (never twice for the same set), and again on every
// reconnect (a restarted core knows none); a failed send while connected is reported and sent
// again on the next change, one while disconnected waits quietly for the reconnect.
import { afterEach, describe, expect, it } from 'vitest'
import { useBroadcast } from '../../../src/renderer/src/stores/broadcastStore'
import {
  MAX_BROADCAST_TARGETS,
  startBroadcastSync,
  targetIds,
} from '../../../src/renderer/src/features/grid/broadcast/broadcastSync'

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

function harness(fail: (ids: string[]) => boolean = () => false) {
  const sent: string[][] = []
  const failures: unknown[] = []
  let connection: (up: boolean) => void = () => undefined
  const stop = startBroadcastSync({
    state: () => useBroadcast.getState(),
    subscribe: (l) => useBroadcast.subscribe(l),
    onConnection: (l) => (connection = l),
    send: (ids) => {
      sent.push(ids)
      return fail(ids) ? Promise.reject(new Error('connection lost')) : Promise.resolve()
    },
    failed: (err) => failures.push(err),
  })
  return { sent, failures, stop, connection: (up: boolean) => connection(up) }
}

afterEach(() => {
  useBroadcast.getState().setOn(false, [])
})

describe('broadcast targets kept in step with the core', () => {
  it('sends at start, on each change, never the same set twice, and on reconnect', () => {
    const h = harness()
    expect(h.sent).toEqual([[]])
    useBroadcast.getState().setOn(true, ['s-b', 's-a'])
    expect(h.sent.at(-1)).toEqual(['s-a', 's-b'])
    useBroadcast.getState().setTarget('s-c', true)
    expect(h.sent.at(-1)).toEqual(['s-a', 's-b', 's-c'])
    // The same set again (a no-op toggle) is not sent again.
    const count = h.sent.length
    useBroadcast.getState().setTargets(['s-c', 's-b', 's-a'])
    expect(h.sent).toHaveLength(count)
    useBroadcast.getState().setTarget('s-b', false)
    expect(h.sent.at(-1)).toEqual(['s-a', 's-c'])
    // Off: the core must stop treating them as targets (typed lines recorded per pane again).
    useBroadcast.getState().setOn(false, [])
    expect(h.sent.at(-1)).toEqual([])
    // A restarted core knows nothing: the same set is sent again when the connection is back.
    useBroadcast.getState().setOn(true, ['s-a'])
    const before = h.sent.length
    h.connection(false)
    h.connection(true)
    expect(h.sent.slice(before)).toEqual([['s-a']])
    h.stop()
    useBroadcast.getState().setOn(true, ['s-z'])
    expect(h.sent.at(-1)).toEqual(['s-a'])
  })

  it('reports a failed send only while connected, and sends again afterwards', async () => {
    let down = false
    const h = harness(() => down)
    useBroadcast.getState().setOn(true, ['s-a'])
    down = true
    h.connection(false)
    useBroadcast.getState().setTarget('s-b', true)
    await flush()
    expect(h.failures).toEqual([])
    down = false
    h.connection(true)
    expect(h.sent.at(-1)).toEqual(['s-a', 's-b'])
    // Refused while connected: the responder is told, and the next change sends again.
    down = true
    useBroadcast.getState().setTarget('s-c', true)
    await flush()
    expect(h.failures).toHaveLength(1)
    down = false
    useBroadcast.getState().setTarget('s-c', false)
    useBroadcast.getState().setTarget('s-c', true)
    expect(h.sent.at(-1)).toEqual(['s-a', 's-b', 's-c'])
    h.stop()
  })

  it('sends nothing while off and at most the contract limit', () => {
    expect(targetIds({ on: false, targets: new Set(['a']) })).toEqual([])
    const many = new Set(Array.from({ length: 100 }, (_, i) => `s-${String(i).padStart(3, '0')}`))
    expect(targetIds({ on: true, targets: many })).toHaveLength(MAX_BROADCAST_TARGETS)
  })
})
