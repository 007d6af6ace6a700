// Chat notifications (#18) in the page: whether the panel is open, the channels and the open
// incident's deliveries, read again whenever main says 'notify.changed'.
import { create } from 'zustand'
import type {
  NotifyChannelView,
  NotifyDeliveryView,
  Params,
  NotifyTestResult,
} from '../../../../shared/contract'
import { api } from '../../api'

interface NotifyState {
  open: boolean
  channels: NotifyChannelView[]
  deliveries: NotifyDeliveryView[]
  incidentId: string | null
  setOpen(open: boolean): void
  load(incidentId: string | null): Promise<void>
  /** These throw main's error, so the form can show it. */
  add(p: Params<'notify.addChannel'>): Promise<void>
  update(p: Params<'notify.updateChannel'>): Promise<void>
  remove(id: string): Promise<void>
  test(id: string): Promise<NotifyTestResult>
}

let subscribed = false

export const useNotify = create<NotifyState>()((set, get) => ({
  open: false,
  channels: [],
  deliveries: [],
  incidentId: null,
  setOpen(open) {
    set({ open })
  },
  async load(incidentId) {
    if (!subscribed) {
      subscribed = true
      api.on('notify.changed', ({ incidentId: changed }) => {
        const current = get().incidentId
        if (get().open && (changed === null || changed === current)) void get().load(current)
      })
    }
    set({ incidentId })
    const [channels, deliveries] = await Promise.all([
      api.call('notify.channels', {}),
      incidentId ? api.call('notify.deliveries', { incidentId }) : Promise.resolve([]),
    ])
    if (get().incidentId === incidentId) set({ channels, deliveries })
  },
  async add(p) {
    await api.call('notify.addChannel', p)
    await get().load(get().incidentId)
  },
  async update(p) {
    await api.call('notify.updateChannel', p)
    await get().load(get().incidentId)
  },
  async remove(id) {
    await api.call('notify.removeChannel', { id })
    await get().load(get().incidentId)
  },
  test(id) {
    return api.call('notify.test', { id })
  },
}))
