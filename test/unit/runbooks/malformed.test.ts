// Malformed runbooks import with warnings that name the line; only non-text is refused.
import { describe, expect, it } from 'vitest'
import { allCommands, allSteps, parseRunbook, RunbookError } from '../../../src/main/core/runbooks'

const md = (...lines: string[]): string => lines.join('\n')

describe('parseRunbook: malformed input', () => {
  it('an unclosed fence warns with its opening line and runs to the end of the file', () => {
    const rb = parseRunbook(md('# T', 'text', '```bash', 'echo a', '## not a heading'), 'u.md')
    expect(rb.warnings).toEqual([expect.objectContaining({ code: 'unclosed_fence', line: 3 })])
    expect(rb.warnings[0]?.message).toContain('Line 3')
    expect(allCommands(rb)[0]?.code).toBe('echo a\n## not a heading')
    expect(rb.sections).toHaveLength(1)
  })

  it('broken front matter warns with the YAML error line and the body still imports', () => {
    const rb = parseRunbook(md('---', 'title: ok', 'severities: [P1', '---', '# Body'), 'f.md')
    const yamlErrors = rb.warnings.filter((w) => w.code === 'front_matter')
    expect(yamlErrors.length).toBeGreaterThan(0)
    expect(yamlErrors[0]?.line).toBeGreaterThanOrEqual(3)
    expect(rb.sections[0]?.title).toBe('Body')

    const unclosed = parseRunbook(md('---', 'title: x', '# Body', '- [ ] step'), 'g.md')
    expect(unclosed.warnings).toEqual([expect.objectContaining({ code: 'front_matter', line: 1 })])

    const wrongType = parseRunbook(
      md('---', 'title: x', 'severities: {a: 1}', '---', '# B', '- [ ] step'),
      'h.md',
    )
    expect(wrongType.warnings).toEqual([expect.objectContaining({ code: 'front_matter', line: 3 })])
    expect(wrongType.meta.title).toBe('x')
  })

  it('duplicate steps get a suffix and a warning naming the line', () => {
    const rb = parseRunbook(md('# T', '- [ ] 確認', '- [ ] 確認'), 'd.md')
    const [a, b] = allSteps(rb)
    expect(b?.id).toBe(`${a?.id}-2`)
    expect(rb.warnings).toEqual([expect.objectContaining({ code: 'duplicate_id', line: 3 })])
  })

  it('a heading-less file becomes one implicit section, with a warning', () => {
    const rb = parseRunbook(md('just text', '- [ ] step'), 'plain.md')
    expect(rb.sections).toHaveLength(1)
    expect(rb.sections[0]).toMatchObject({ level: 0, title: '' })
    expect(rb.title).toBe('plain.md')
    expect(rb.warnings).toEqual([expect.objectContaining({ code: 'no_headings', line: 1 })])
    expect(parseRunbook('', 'empty.md').sections).toHaveLength(1)
  })

  it('an empty command warns and is not runnable', () => {
    const rb = parseRunbook(md('# T', '```bash', '', '```'), 'e.md')
    expect(allCommands(rb)[0]?.runnable).toBe(false)
    expect(rb.warnings).toEqual([
      expect.objectContaining({ code: 'nothing_to_run', line: 1 }),
      expect.objectContaining({ code: 'empty_command', line: 2 }),
    ])
  })

  it('a runbook with nothing to run and no checklist item imports with one notice', () => {
    const rb = parseRunbook(
      md(
        '---',
        'title: Escalation contacts',
        'weight: 10',
        'draft: false',
        '---',
        '# Who to call',
        '| Team | Phone |',
        '|---|---|',
        '| DB | 555 |',
        '```yaml',
        'a: 1',
        '```',
      ),
      'contacts.md',
    )
    expect(rb.warnings).toEqual([expect.objectContaining({ code: 'nothing_to_run', line: 1 })])
    expect(rb.warnings[0]?.message).toMatch(/no checklist item.*no block Sitrep can run/)
    const prompted = parseRunbook(md('# T', '```console', '$ uptime', '```'), 'p.md')
    expect(prompted.warnings).toEqual([])
  })

  it('refuses binary and non-UTF-8 files with a RunbookError naming the file', () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])
    expect(() => parseRunbook(binary, 'logo.png')).toThrow(RunbookError)
    expect(() => parseRunbook(binary, 'logo.png')).toThrow(/logo\.png/)
    expect(() => parseRunbook(new Uint8Array([0x82, 0xa0, 0x82, 0xa2]), 'sjis.md')).toThrow(
      /sjis\.md.*UTF-8/,
    )
    expect(() => parseRunbook('# a\u0000b', 'nul.md')).toThrow(RunbookError)
    expect(parseRunbook(new TextEncoder().encode('\uFEFF# 見出し'), 'bom.md').title).toBe('見出し')
  })

  it('is total: random input never throws anything but RunbookError, and never hangs', () => {
    const alphabet = [
      '#',
      ' ',
      '\n',
      '\r\n',
      '`',
      '```',
      '~~~',
      '-',
      '[',
      ']',
      'x',
      '<',
      '>',
      '{',
      '}',
      '$',
      '"',
      "'",
      '\\',
      '|',
      '---',
      '- [ ] ',
      '日本',
      'rm',
      '\t',
      ':',
      '[A|B]',
      '<c_id>',
      '{name=x confirm}',
      'a_B',
    ]
    let seed = 42
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const started = Date.now()
    for (let i = 0; i < 500; i++) {
      let s = ''
      const len = rand(400)
      for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)]
      try {
        const rb = parseRunbook(s, `fuzz-${i}.md`)
        expect(rb.sections.length).toBeGreaterThan(0)
      } catch (err) {
        expect(err).toBeInstanceOf(RunbookError)
      }
    }
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
