// The shortcut sheet's rows and the README's Keyboard section, both generated from the shortcut
// table: a key added there shows on the sheet and (after `npx tsx scripts/keyboard-sheet.ts`)
// in the README, whose test fails until it does.
import { locales, translate, type Locale } from '../i18n/translate'
import {
  commands,
  formatChord,
  groupLabels,
  type CommandGroup,
  type CommandId,
  type Os,
  type Scope,
} from './shortcuts'

export interface SheetRow {
  id: CommandId
  group: CommandGroup
  groupName: string
  name: string
  keys: string[]
  /** Where the keys work, when not everywhere ("outside a terminal"). */
  where: string[]
}

const scopeKey = {
  outsideTerminal: 'keys.scope.outsideTerminal',
  outsideText: 'keys.scope.outsideText',
} as const

function whereText(locale: Locale, scope: Scope | undefined): string {
  return scope && scope !== 'everywhere' ? translate(locale, scopeKey[scope]) : ''
}

export function sheetRows(locale: Locale, os: Os): SheetRow[] {
  return commands
    .filter((c) => c.keys.length > 0)
    .map((c) => ({
      id: c.id,
      group: c.group,
      groupName: translate(locale, groupLabels[c.group]),
      name: translate(locale, c.label),
      keys: c.keys.map((b) => formatChord(b.chord, os)),
      where: c.keys.map((b) => whereText(locale, b.scope)),
    }))
}

/** The README table: both languages, Linux/Windows and macOS keys. */
export function sheetMarkdown(): string {
  const lines = ['| Command | コマンド | Linux, Windows | macOS |', '| --- | --- | --- | --- |']
  const [en, ja] = locales.map((l) => sheetRows(l, 'other'))
  const mac = sheetRows('en', 'mac')
  en?.forEach((row, i) => {
    const keys = (os: SheetRow[] | undefined): string =>
      (os?.[i]?.keys ?? [])
        .map((k, j) => `\`${k}\`${row.where[j] ? ` (${row.where[j]})` : ''}`)
        .join(', ')
    lines.push(`| ${row.name} | ${ja?.[i]?.name ?? ''} | ${keys(en)} | ${keys(mac)} |`)
  })
  lines.push('')
  lines.push(translate('en', 'sheet.escape'))
  lines.push(translate('en', 'sheet.paletteHint'))
  return lines.join('\n')
}
