// Failed actions surface here as short-lived toasts instead of alert(): a responder mid-incident
// must never have to click a modal away before they can type again.
import { create } from 'zustand'
import type { MessageKey } from '../i18n/en'
import { describeError, type ErrorDetail } from '../ui/errorDetail'

export interface Toast {
  id: number
  /** What the responder was trying to do, e.g. "Could not open a local shell". */
  action: MessageKey
  detail: ErrorDetail
}

const MAX_TOASTS = 5
const TOAST_MS = 10_000

interface ToastState {
  toasts: Toast[]
  push(action: MessageKey, detail: ErrorDetail): void
  dismiss(id: number): void
}

let nextId = 1

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(action, detail) {
    const id = nextId++
    set({ toasts: [...get().toasts, { id, action, detail }].slice(-MAX_TOASTS) })
    setTimeout(() => get().dismiss(id), TOAST_MS)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))

/** The one way actions report a failure to the responder. */
export function reportError(action: MessageKey, err: unknown): void {
  useToasts.getState().push(action, describeError(err))
}
