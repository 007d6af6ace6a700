// Fired incident timers reach the responder even when Sitrep is in the background: a desktop
// notification from the main process (the renderer also shows it in the window).
import { app, BrowserWindow, Notification } from 'electron'
import type { TimerFired } from '../../shared/contract'
import type { Core } from '../core/core'

function text(fired: TimerFired): { title: string; body: string } {
  const ja = app.getLocale().toLowerCase().startsWith('ja')
  const name = ja ? fired.name.ja : fired.name.en
  const who = fired.notify ? (ja ? `連絡先: ${fired.notify}` : `Notify: ${fired.notify}`) : ''
  return { title: `Sitrep — ${name}`, body: who }
}

export function notifyFiredTimers(core: Core): () => void {
  return core.events.on('timer.fired', (fired) => {
    if (!Notification.isSupported()) return
    const n = new Notification({ ...text(fired), urgency: 'critical' })
    n.on('click', () => BrowserWindow.getAllWindows()[0]?.focus())
    n.show()
  })
}
