// The event streams of the contract, as a small typed emitter both shells subscribe to.
import type { EventName, EventPayloads } from '../../shared/contract'

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void

export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()
  private readonly anyListeners = new Set<
    (event: EventName, payload: EventPayloads[EventName]) => void
  >()

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as Listener<E>)(payload)
    for (const l of this.anyListeners) l(event, payload)
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  /** Every event, for transports that forward all streams to a renderer. */
  onAny(listener: (event: EventName, payload: EventPayloads[EventName]) => void): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }
}
