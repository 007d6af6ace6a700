// Links printed in a terminal come from remote, untrusted output: only http(s), only after the
// responder confirms, and never with a handle back to this window.
import { t } from '../i18n/locale'

export function openLinkAfterConfirm(uri: string): void {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return
  // In Electron the main process confirms with a native dialog (setWindowOpenHandler) before it
  // opens the system browser; asking here too would ask twice. In a plain browser, ask here.
  if (!window.sitrep && !window.confirm(t('link.confirm', { url: url.href }))) return
  window.open(url.href, '_blank', 'noopener,noreferrer')
}
