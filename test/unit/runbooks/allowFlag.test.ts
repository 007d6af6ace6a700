// A parameter the runbook declares allow-flag may take a value that starts with '-'; any other
// is refused where the value would be read as an option.
import { describe, expect, it } from 'vitest'
import { parseRunbook } from '../../../src/main/core/runbooks'
import { fillPlaceholders } from '../../../src/main/core/runbooks/placeholders'
import { allCommands } from '../../../src/main/core/runbooks/walk'

const runbook = (frontMatter: string): string =>
  [
    '---',
    'id: logs',
    frontMatter,
    '---',
    '# Logs',
    '',
    '- [ ] Recent lines',
    '  ```bash',
    '  journalctl -u api ${WINDOW}',
    '  ```',
    '',
  ].join('\n')

function fill(doc: string, value: string): string {
  const command = allCommands(parseRunbook(doc, 'logs.md'))[0]
  if (!command) throw new Error('no command')
  return fillPlaceholders({ ...command, firstLine: command.line + 1 }, { WINDOW: value })
}

describe('allow-flag in the front matter', () => {
  it('lets a declared parameter take a flag and refuses it otherwise', () => {
    const declared = runbook('parameters:\n  - name: WINDOW\n    allow-flag: true')
    expect(fill(declared, '--since=-1h')).toBe("journalctl -u api '--since=-1h'")
    const camel = runbook('parameters:\n  - name: WINDOW\n    allowFlag: true')
    expect(fill(camel, '-n50')).toBe('journalctl -u api -n50')
    const plain = runbook('parameters:\n  - WINDOW')
    expect(() => fill(plain, '--since=-1h')).toThrow(/starts with "-"/)
    expect(parseRunbook(declared, 'logs.md').meta.allowFlag).toEqual(['WINDOW'])
  })
})
