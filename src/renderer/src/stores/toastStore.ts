// Short-lived notices in the corner instead of alert(): a responder mid-incident must never
// have to click a modal away before they can type again. Failed actions show as errors; a few
// things worth knowing (a host wrote to the clipboard) show as information.
import { create } from 'zustand'
import type { MessageKey } from '../i18n/en'
import type { Vars } from '../i18n/locale'
import { describeError, type ErrorDetail } from '../ui/errorDetail'

export type ToastTone = 'error' | 'info'

export interface Toast {
  id: number
  tone: ToastTone
  /** What happened or what the responder was trying to do, e.g. "Could not open a local shell". */
  action: MessageKey
  actionVars: Vars | undefined
  detail: ErrorDetail | null
}

const MAX_TOASTS = 5
const TOAST_MS: Record<ToastTone, number> = { error: 10_000, info: 4_000 }

interface ToastState {
  toasts: Toast[]
  push(toast: Omit<Toast, 'id'>): void
  dismiss(id: number): void
}

let nextId = 1

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-MAX_TOASTS) })
    setTimeout(() => get().dismiss(id), TOAST_MS[toast.tone])
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))

/** The one way actions report a failure to the responder. */
export function reportError(action: MessageKey, err: unknown, actionVars?: Vars): void {
  useToasts.getState().push({ tone: 'error', action, actionVars, detail: describeError(err) })
}

/** A refusal or problem that is fully said by its message (no underlying error to show). */
export function reportProblem(action: MessageKey, actionVars?: Vars): void {
  useToasts.getState().push({ tone: 'error', action, actionVars, detail: null })
}

/** Something the responder should know about that is not a failure. */
export function notify(action: MessageKey, actionVars?: Vars): void {
  useToasts.getState().push({ tone: 'info', action, actionVars, detail: null })
}
