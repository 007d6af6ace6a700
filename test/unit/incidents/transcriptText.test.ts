import { describe, expect, it } from 'vitest'
import { decodeChunks, splitText, stripAnsi } from '../../../src/main/core/incidents/transcriptText'

describe('transcript text', () => {
  it('strips colours, cursor moves, titles, hyperlinks and charset switches', () => {
    expect(stripAnsi('\x1b[1;31mERROR\x1b[0m: \x1b[2Kdisk full')).toBe('ERROR: disk full')
    expect(stripAnsi('\x1b]0;user@host: ~\x07$ ls')).toBe('$ ls')
    expect(stripAnsi('\x1b]8;;https://x.test\x1b\\link\x1b]8;;\x1b\\')).toBe('link')
    expect(stripAnsi('\x1b(Bplain\x1b=\x1b>')).toBe('plain')
    expect(stripAnsi('\x1bP1$r0m\x1b\\ok')).toBe('ok')
  })

  it('keeps each redraw on its own line and applies backspaces', () => {
    expect(stripAnsi('10%\r50%\r100%\r\ndone\r\n')).toBe('10%\n50%\n100%\ndone\n')
    expect(stripAnsi('kubectl get podz\b\bds\x07')).toBe('kubectl get pods')
  })

  it('decodes UTF-8 split across chunks', () => {
    const bytes = new TextEncoder().encode('接続拒否')
    expect(decodeChunks([bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)])).toBe(
      '接続拒否',
    )
  })

  it('splits long text at line ends', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n')
    const pieces = splitText(text, 20)
    expect(pieces.join('\n')).toBe(text)
    expect(pieces.every((p) => p.length <= 20)).toBe(true)
  })
})
