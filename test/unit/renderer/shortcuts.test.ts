// The one shortcut table: every key it lists is bound (the dispatcher finds the command from a
// key press on each OS), documented (named in both languages, shown on the sheet), reachable in
// the palette, and no two keys collide on any OS, nor with the keys left to the shell, the
// browser or macOS.
import { describe, expect, it } from 'vitest'
import { en } from '../../../src/renderer/src/i18n/en'
import { ja } from '../../../src/renderer/src/i18n/ja'
import { translate } from '../../../src/renderer/src/i18n/translate'
import {
  commandForKey,
  commandIds,
  commands,
  familyIds,
  familyLabels,
  formatChord,
  matches,
  reserved,
  resolveChord,
  sameKeys,
  type KeyInput,
  type Os,
} from '../../../src/renderer/src/ui/shortcuts'
import { bestScore, fuzzyScore } from '../../../src/renderer/src/ui/fuzzy'
import { takeBatch } from '../../../src/renderer/src/ui/announceQueue'
import { evidenceMarkdown, lastCommandOutput } from '../../../src/renderer/src/ui/evidence'
import { paletteEntries, rankEntries } from '../../../src/renderer/src/ui/paletteEntries'
import { sheetMarkdown, sheetRows } from '../../../src/renderer/src/ui/shortcutSheet'
import readme from '../../../README.md?raw'
import terminalViewSource from '../../../src/renderer/src/features/grid/terminalView.ts?raw'

const OSES: Os[] = ['mac', 'other']

/** The KeyboardEvent a chord produces on an OS (what a browser would deliver). */
function press(chord: string, os: Os): KeyInput {
  const k = resolveChord(chord, os)
  const letter = /^[A-Z]$/.test(k.key)
  return {
    key: k.key === '?' ? '?' : letter ? (k.shift ? k.key : k.key.toLowerCase()) : k.key,
    code: letter ? `Key${k.key}` : k.key === '?' ? 'Slash' : k.key,
    ctrlKey: k.ctrl,
    metaKey: k.meta,
    shiftKey: k.shift || k.key === '?',
    altKey: k.alt,
  }
}

const outside = { inTerminal: false, inText: false }
const inPane = { inTerminal: true, inText: true }
const inField = { inTerminal: false, inText: true }

describe('the shortcut table', () => {
  it('lists every command id once, each named in English and Japanese', () => {
    expect(commands.map((c) => c.id).sort()).toEqual([...commandIds].sort())
    for (const c of commands) {
      expect(en[c.label], c.id).toBeTruthy()
      expect(ja[c.label], c.id).toBeTruthy()
      expect(ja[c.label], `${c.id} is not translated`).not.toBe(en[c.label])
    }
    for (const f of familyIds) {
      expect(en[familyLabels[f]]).toContain('{name}')
      expect(ja[familyLabels[f]]).toContain('{name}')
    }
  })

  it('binds every key: the dispatcher finds its command from the key press, on every OS', () => {
    for (const os of OSES) {
      for (const c of commands) {
        if (c.id === 'pane.search') continue // bound by the pane (terminalView.ts), checked below
        for (const b of c.keys) {
          const scope = b.scope ?? 'everywhere'
          expect(commandForKey(press(b.chord, os), os, outside), `${c.id} ${b.chord} ${os}`).toBe(
            c.id,
          )
          // Inside a pane only `everywhere` keys are taken; the others stay the shell's.
          expect(commandForKey(press(b.chord, os), os, inPane)).toBe(
            scope === 'everywhere' ? c.id : null,
          )
          expect(commandForKey(press(b.chord, os), os, inField)).toBe(
            scope === 'outsideText' ? null : c.id,
          )
        }
      }
    }
  })

  it('no two keys collide on any OS, nor with a reserved key where it applies', () => {
    for (const os of OSES) {
      const all = commands.flatMap((c) =>
        c.keys.map((b) => ({
          id: c.id,
          chord: b.chord,
          scope: b.scope ?? 'everywhere',
          keys: resolveChord(b.chord, os),
        })),
      )
      for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
          const a = all[i]!
          const b = all[j]!
          expect(
            sameKeys(a.keys, b.keys),
            `${a.id} ${a.chord} and ${b.id} ${b.chord} on ${os}`,
          ).toBe(false)
        }
      }
      for (const a of all) {
        for (const r of reserved.filter((x) => x.os === 'all' || x.os === os)) {
          // A key reserved for the shell matters only where the binding works in a pane.
          if (r.inPane && a.scope !== 'everywhere' && a.id !== 'pane.search') continue
          expect(
            sameKeys(a.keys, resolveChord(r.chord, os)),
            `${a.id} ${a.chord} takes ${r.chord} (${r.why}) on ${os}`,
          ).toBe(false)
        }
      }
    }
  })

  it('reads letters by their place, so another keyboard layout or an IME still matches', () => {
    const k = resolveChord('Mod+Shift+E', 'other')
    expect(
      matches(k, {
        key: 'У',
        code: 'KeyE',
        ctrlKey: true,
        shiftKey: true,
        metaKey: false,
        altKey: false,
      }),
    ).toBe(true)
    expect(
      matches(k, {
        key: 'E',
        code: 'KeyE',
        ctrlKey: false,
        shiftKey: true,
        metaKey: true,
        altKey: false,
      }),
    ).toBe(false)
    expect(matches(resolveChord('Mod+Shift+E', 'mac'), press('Mod+Shift+E', 'mac'))).toBe(true)
  })

  it('writes keys the way each OS does', () => {
    expect(formatChord('Mod+Shift+P', 'other')).toBe('Ctrl+Shift+P')
    expect(formatChord('Mod+Shift+P', 'mac')).toBe('⇧⌘P')
    expect(formatChord('Mod+K', 'mac')).toBe('⌘K')
    expect(formatChord('Shift+F6', 'other')).toBe('Shift+F6')
    expect(formatChord('?', 'other')).toBe('?')
  })
})

describe('the palette', () => {
  it('reaches every command of the table, with its keys, and finds it in either language', () => {
    for (const os of OSES) {
      const entries = paletteEntries({ handlers: {}, families: {} }, os)
      for (const c of commands) {
        const entry = entries.find((e) => e.command === c.id)
        expect(entry, c.id).toBeDefined()
        expect(entry?.keys).toEqual(c.keys.map((b) => formatChord(b.chord, os)))
        for (const lang of ['en', 'ja'] as const) {
          const name = translate(lang, c.label)
          const ranked = rankEntries(entries, name)
          expect(ranked[0]?.command, `${lang} "${name}"`).toBe(c.id)
        }
      }
    }
  })

  it('「ノート」 and "note" find the same action first', () => {
    const entries = paletteEntries({ handlers: {}, families: {} }, 'other')
    expect(rankEntries(entries, 'note')[0]?.command).toBe('note.add')
    expect(rankEntries(entries, 'ノート')[0]?.command).toBe('note.add')
    expect(rankEntries(entries, 'ﾉｰﾄ')[0]?.command).toBe('note.add')
    expect(rankEntries(entries, 'decl')[0]?.command).toBe('incident.declare')
    expect(rankEntries(entries, '宣言')[0]?.command).toBe('incident.declare')
    // The Japanese UI says メモ: that finds it too.
    expect(rankEntries(entries, 'メモ')[0]?.command).toBe('note.add')
  })

  it('lists families by name, filled in both languages', () => {
    const entries = paletteEntries(
      {
        handlers: {},
        families: {
          runbooks: [
            {
              family: 'runbook.start',
              key: 'en/db',
              vars: { name: 'Database unreachable' },
              run: () => undefined,
            },
          ],
        },
      },
      'other',
    )
    const found = rankEntries(entries, 'ランブック database')[0]
    expect(found?.names).toEqual([
      'Start runbook: Database unreachable',
      'ランブック（手順書）を開始: Database unreachable',
    ])
  })

  it('fuzzy matching needs every letter in order', () => {
    expect(fuzzyScore('nte', 'Add a note')).not.toBeNull()
    expect(fuzzyScore('nota', 'Add a note')).toBeNull()
    expect(bestScore('xyz', ['abc', 'def'])).toBeNull()
    expect(fuzzyScore('add note', 'Add a note')!).toBeGreaterThan(
      fuzzyScore('add note', 'Add a pinned note')!,
    )
  })
})

describe('the shortcut sheet', () => {
  it('shows every keyed command of the table in both languages, nothing more', () => {
    for (const lang of ['en', 'ja'] as const) {
      for (const os of OSES) {
        const rows = sheetRows(lang, os)
        const keyed = commands.filter((c) => c.keys.length > 0)
        expect(rows.map((r) => r.id).sort()).toEqual(keyed.map((c) => c.id).sort())
        for (const r of rows)
          expect(r.name).toBe(translate(lang, commands.find((c) => c.id === r.id)!.label))
      }
    }
  })
})

describe('where else the table shows', () => {
  it("the README's Keyboard section is the generated sheet, word for word", () => {
    const begin = readme.indexOf('<!-- keyboard-sheet:begin -->')
    const end = readme.indexOf('<!-- keyboard-sheet:end -->')
    expect(begin, 'README has no generated Keyboard sheet').toBeGreaterThan(0)
    const section = readme.slice(begin + '<!-- keyboard-sheet:begin -->'.length, end).trim()
    expect(section, 'run `npx tsx scripts/keyboard-sheet.ts` to regenerate').toBe(
      sheetMarkdown().trim(),
    )
  })

  it('the pane binds its search key from the table', () => {
    expect(terminalViewSource).toMatch(/commandSpec\('pane\.search'\)/)
    expect(terminalViewSource).not.toMatch(/code === 'KeyF'/)
  })
})

describe('plural forms', () => {
  it('uses the language’s plural rules wherever a count is shown', () => {
    expect(translate('en', 'incident.list.total', { count: 1 })).toBe('1 incident')
    expect(translate('en', 'incident.list.total', { count: 2 })).toBe('2 incidents')
    expect(translate('en', 'incident.list.total', { count: 0 })).toBe('0 incidents')
    expect(translate('ja', 'incident.list.total', { count: 1 })).toBe('1 件')
    expect(translate('en', 'runbook.confirm.run', { count: 1 })).toBe('Run on 1 target')
    expect(translate('en', 'runbook.confirm.run', { count: 3 })).toBe('Run on 3 targets')
    expect(translate('ja', 'runbook.confirm.run', { count: 1 })).toBe('1 件の対象で実行')
    expect(translate('en', 'timeline.verify.intact', { count: 1 })).toBe('Intact (1 event)')
    expect(translate('en', 'targets.import.done', { count: 1 })).toBe('Imported 1 host.')
    expect(translate('en', 'announce.more', { count: 1 })).toBe('and 1 more event')
    expect(translate('en', 'announce.more', { count: 5 })).toBe('and 5 more events')
    expect(translate('ja', 'announce.more', { count: 5 })).toBe('ほか 5 件')
    expect(translate('en', 'paste.controlsRemoved', { count: 1, pane: 'p' })).toMatch(
      /^Removed 1 control character from/,
    )
  })

  it('no English message writes a count as "{count} things" without a plural choice', () => {
    const suspicious = Object.entries(en).filter(([, v]) =>
      /\{count\} (incidents|targets|events|samples|warnings|hosts|host\(s\))/.test(v),
    )
    expect(suspicious).toEqual([])
  })
})

describe('announcements', () => {
  it('a flood is read as a few messages and a count', () => {
    const pending = Array.from({ length: 40 }, (_, i) => `crossing ${i}`)
    expect(takeBatch(pending)).toEqual({
      texts: ['crossing 0', 'crossing 1', 'crossing 2'],
      more: 37,
    })
    expect(pending).toEqual([])
    expect(takeBatch(pending)).toBeNull()
  })
})

describe('mark this output', () => {
  const rows = ['$ ls', 'a  b', '$ echo hi', 'hi', 'there', '$ ']
  it('takes the rows between the last two prompts, with the command', () => {
    expect(lastCommandOutput(rows, 2)).toEqual({ text: 'hi\nthere', command: 'echo hi' })
  })
  it('finds nothing without a prompt or output', () => {
    expect(lastCommandOutput(['$ true', '$ '], 2)).toBeNull()
    expect(lastCommandOutput(['x'], 0)).toBeNull()
  })
  it('fences the output so no backticks inside can close the fence', () => {
    const md = evidenceMarkdown('**Output**', 'a ```` b')
    expect(md).toBe('**Output**\n\n`````text\na ```` b\n`````')
  })
})
