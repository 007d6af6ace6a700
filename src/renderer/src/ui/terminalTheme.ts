// Terminal look, matched to the app's dark palette. Fonts are system fonts only: the CSP and the
// offline promise rule out downloaded ones; the CJK fallbacks keep Japanese output aligned.
import type { ITerminalOptions } from '@xterm/xterm'

export const terminalLook: ITerminalOptions = {
  fontFamily:
    "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono CJK JP', 'Noto Sans Mono', monospace",
  fontSize: 13,
  lineHeight: 1.15,
  cursorBlink: false,
  cursorStyle: 'block',
  cursorInactiveStyle: 'outline',
  theme: {
    background: '#0b0e13',
    foreground: '#d6dbe3',
    cursor: '#e8c872',
    cursorAccent: '#0b0e13',
    selectionBackground: '#2d4a6b',
    black: '#1b1f27',
    red: '#e5646a',
    green: '#8fc47e',
    yellow: '#e3bf6b',
    blue: '#6aa6e8',
    magenta: '#c48ae0',
    cyan: '#5fc1c9',
    white: '#c8ced8',
    brightBlack: '#5c6573',
    brightRed: '#ff8187',
    brightGreen: '#a9dc98',
    brightYellow: '#f5d68a',
    brightBlue: '#8cbcf5',
    brightMagenta: '#d9a8f0',
    brightCyan: '#84d8de',
    brightWhite: '#f2f4f7',
  },
}
