// OSC 52 (ESC ] 52 ; Pc ; Pd BEL): a program on the host puts text on the responder's
// clipboard, as tmux, vim and neovim do over SSH. Writes only, and at most OSC52_MAX_BYTES of
// decoded text; every write is announced with a toast so a host cannot slip something onto the
// clipboard unnoticed. Read requests (Pd = '?') are swallowed without any answer: answering
// would hand whatever the responder copied (a password, a token) to the remote host.
import type { IDisposable, Terminal } from '@xterm/xterm'
import { formatBytes } from '../../i18n/format'
import { useLocale } from '../../i18n/locale'
import { notify, reportError, reportProblem } from '../../stores/toastStore'
import { cleanClipboardWrite } from './pasteGuard'

export const OSC52_MAX_BYTES = 100 * 1024

export type Osc52Request =
  | { kind: 'write'; text: string }
  | { kind: 'read' }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'invalid' }

const SELECTION = /^[cpqs0-7]*$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export function parseOsc52(data: string): Osc52Request {
  const sep = data.indexOf(';')
  if (sep < 0 || !SELECTION.test(data.slice(0, sep))) return { kind: 'invalid' }
  const payload = data.slice(sep + 1)
  if (payload === '?') return { kind: 'read' }
  // An empty payload asks to clear the clipboard: not a write of anything, so ignored.
  if (payload === '' || payload.length % 4 === 1 || !BASE64.test(payload))
    return { kind: 'invalid' }
  // Measured before decoding, so an oversized payload costs nothing.
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0
  const bytes = Math.floor((payload.length * 3) / 4) - padding
  if (bytes > OSC52_MAX_BYTES) return { kind: 'too-large', bytes }
  try {
    const raw = atob(payload)
    const text = new TextDecoder().decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)))
    return { kind: 'write', text }
  } catch {
    return { kind: 'invalid' }
  }
}

/** Handles OSC 52 for one pane; `pane` names it in the toasts. */
export function handleOsc52(term: Terminal, pane: () => string): IDisposable {
  return term.parser.registerOscHandler(52, (data) => {
    const request = parseOsc52(data)
    if (request.kind === 'too-large') {
      const { locale } = useLocale.getState()
      reportProblem('clipboard.tooLarge', {
        pane: pane(),
        size: formatBytes(locale, request.bytes),
        limit: formatBytes(locale, OSC52_MAX_BYTES),
      })
    } else if (request.kind === 'write') {
      // Only printable text, tab and newline reach the clipboard (see pasteGuard.ts).
      const { text, removed } = cleanClipboardWrite(request.text)
      if (removed > 0) notify('clipboard.controlsRemoved', { pane: pane(), count: removed })
      if (text !== '') void writeClipboard(text, pane())
    }
    // Handled in every case (reads included): no other handler may answer it.
    return true
  })
}

async function writeClipboard(text: string, pane: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('The clipboard is not available in this window.')
    await navigator.clipboard.writeText(text)
    notify('clipboard.copied', { pane, chars: [...text].length })
  } catch (err) {
    reportError('clipboard.failed', err, { pane })
  }
}
