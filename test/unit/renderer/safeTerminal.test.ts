// Every xterm terminal in the renderer (live panes and the replay view) opens links only through
// the confirmed http(s) path. Before #17 the replay terminal used xterm's default: any scheme,
// window.open with no confirmation.
/// <reference types="vite/client" />
import { afterEach, describe, expect, it, vi } from 'vitest'

// The link opener's i18n module names the page's language on <html> when it loads: give this
// DOM-less run the one element it touches (as safeMarkdown.test.ts does).
if (typeof document === 'undefined') {
  Object.assign(globalThis, { document: { documentElement: { lang: '' } } })
}
const { safeTerminalOptions } = await import('../../../src/renderer/src/ui/safeTerminal')

// The addon touches the DOM when loaded; only the options are exercised here.
vi.mock('@xterm/addon-web-links', () => ({ WebLinksAddon: class {} }))

const prefix = '../../../src/renderer/src/'
/** Every renderer source, as text (Vite's glob: no Node API in the web project). */
const sources = import.meta.glob<string>('../../../src/renderer/src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
})

describe('terminal links', () => {
  afterEach(() => vi.unstubAllGlobals())

  function page(confirmAnswer: boolean) {
    const opened: unknown[][] = []
    const asked: string[] = []
    vi.stubGlobal('window', {
      open: (...args: unknown[]) => void opened.push(args),
      confirm: (q: string) => (asked.push(q), confirmAnswer),
    })
    return { opened, asked }
  }

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'sitrep://x', 'nope'])(
    '%s is not opened and not even asked about',
    (uri) => {
      const { opened, asked } = page(true)
      safeTerminalOptions.linkHandler.activate(new Event('click') as MouseEvent, uri)
      expect(opened).toEqual([])
      expect(asked).toEqual([])
    },
  )

  it('an https link asks first; declined, nothing opens; accepted, it opens with noopener', () => {
    const declined = page(false)
    safeTerminalOptions.linkHandler.activate(new Event('click') as MouseEvent, 'https://x.example/')
    expect(declined.asked).toHaveLength(1)
    expect(declined.opened).toEqual([])
    const accepted = page(true)
    safeTerminalOptions.linkHandler.activate(new Event('click') as MouseEvent, 'https://x.example/')
    expect(accepted.opened).toEqual([['https://x.example/', '_blank', 'noopener,noreferrer']])
  })

  it('every terminal the renderer creates takes the safe options and the safe link addon', () => {
    const creators = Object.keys(sources).filter((f) => sources[f]?.includes('new Terminal('))
    expect(creators.map((f) => f.slice(prefix.length)).sort()).toEqual([
      'features/grid/terminalView.ts',
      'features/replay/ReplayView.tsx',
    ])
    for (const f of creators) {
      const text = sources[f] ?? ''
      const call = text.slice(
        text.indexOf('new Terminal('),
        text.indexOf('})', text.indexOf('new Terminal(')),
      )
      expect(call, f).toContain('...safeTerminalOptions')
      expect(text, f).toContain('addSafeLinks(')
      expect(text, f).not.toContain('new WebLinksAddon(')
    }
  })
})
