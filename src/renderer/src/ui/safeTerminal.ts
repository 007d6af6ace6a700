// What every xterm.js terminal in the app gets, live pane or replay: output comes from hosts that
// may be compromised, and a transcript replayed or imported from a bundle is that same output.
// Links (plain URLs and OSC 8) go through openLinkAfterConfirm (http(s) only, confirmed,
// noopener) instead of xterm's default (any scheme, window.open); no window operation or report
// (XTWINOPS, CSI t) is answered.
import type { ITerminalOptions, Terminal } from '@xterm/xterm'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { openLinkAfterConfirm } from './openLink'

export const safeTerminalOptions = {
  windowOptions: {},
  linkHandler: { activate: (_event: MouseEvent, uri: string) => openLinkAfterConfirm(uri) },
} satisfies ITerminalOptions

/** Plain URLs in the output become links through the same confirmed path. */
export function addSafeLinks(term: Terminal): void {
  term.loadAddon(new WebLinksAddon((_event, uri) => openLinkAfterConfirm(uri)))
}
