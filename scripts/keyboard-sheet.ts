// Writes the shortcut sheet (generated from src/renderer/src/ui/shortcuts.ts) into README.md's
// Keyboard section, between its markers. test/unit/renderer/shortcuts.test.ts fails when the
// README and the table differ. Run: npx tsx scripts/keyboard-sheet.ts
import { readFileSync, writeFileSync } from 'node:fs'
import { sheetMarkdown } from '../src/renderer/src/ui/shortcutSheet'

const begin = '<!-- keyboard-sheet:begin -->'
const end = '<!-- keyboard-sheet:end -->'
const readme = readFileSync('README.md', 'utf8')
const a = readme.indexOf(begin)
const b = readme.indexOf(end)
if (a < 0 || b < a) throw new Error('README.md has no keyboard-sheet markers')
writeFileSync(
  'README.md',
  `${readme.slice(0, a + begin.length)}\n\n${sheetMarkdown()}\n\n${readme.slice(b)}`,
)
