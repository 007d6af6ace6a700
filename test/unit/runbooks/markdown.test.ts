// Tricky Markdown the seeds do not all show: nested lists, indented and tilde fences, CRLF,
// long fences holding ```, attributes, front matter.
import { describe, expect, it } from 'vitest'
import { allCommands, allSteps, parseRunbook } from '../../../src/main/core/runbooks'

const md = (...lines: string[]): string => lines.join('\n')

describe('parseRunbook: structure', () => {
  it('builds the heading tree with level, title and line, closing #s dropped', () => {
    const rb = parseRunbook(
      md('# 障害対応 #', '## 初動', '### 確認', '## 復旧 ##', '#### 深い'),
      'a.md',
    )
    expect(rb.title).toBe('障害対応')
    const root = rb.sections[0]
    expect(root).toMatchObject({ level: 1, title: '障害対応', line: 1 })
    expect(root?.children.map((s) => [s.level, s.title, s.line])).toEqual([
      [2, '初動', 2],
      [2, '復旧', 4],
    ])
    expect(root?.children[0]?.children[0]?.path).toEqual(['障害対応', '初動', '確認'])
    expect(root?.children[1]?.children[0]).toMatchObject({ level: 4, title: '深い' })
  })

  it('reads task items as steps, nested items as sub-lines, and their indented fences', () => {
    const rb = parseRunbook(
      md(
        '## 手順',
        '- [ ] ディスク確認',
        '  - 空き容量を見る',
        '  - [ ] 入れ子のチェック',
        '',
        '  ```bash',
        '  df -h',
        '  ```',
        '* [x] 済んだ項目',
        '1. [ ] 番号付き',
        'あとの文章',
        '',
        'もう一段落',
        '```bash',
        'uptime',
        '```',
      ),
      'b.md',
    )
    const [disk, done, numbered] = allSteps(rb)
    expect(disk).toMatchObject({ text: 'ディスク確認', line: 2, checked: false })
    expect(disk?.subLines).toEqual(['- 空き容量を見る', '- [ ] 入れ子のチェック'])
    expect(disk?.commands.map((c) => c.code)).toEqual(['df -h'])
    expect(done).toMatchObject({ text: '済んだ項目', checked: true })
    // CommonMark's lazy continuation: a line right under an item belongs to it (as on GitHub).
    expect(numbered?.text).toBe('番号付き')
    expect(numbered?.subLines).toEqual(['あとの文章'])
    const section = rb.sections[0]
    expect(section?.commands.map((c) => c.code)).toEqual(['uptime'])
    expect(section?.blocks.map((b) => b.kind)).toEqual([
      'step',
      'step',
      'step',
      'markdown',
      'command',
    ])
  })

  it('handles CRLF, tildes, and a long fence holding ``` inside', () => {
    const text = md(
      '# T',
      '~~~sh',
      'echo tilde',
      '~~~',
      '````markdown',
      '```bash',
      'rm -rf /',
      '```',
      '````',
      '``` bash',
      'echo  "spaced"',
      '```',
    ).replace(/\n/g, '\r\n')
    const rb = parseRunbook(text, 'c.md')
    const cmds = allCommands(rb)
    expect(cmds.map((c) => [c.language, c.line, c.runnable])).toEqual([
      ['sh', 2, true],
      ['markdown', 5, false],
      ['bash', 10, true],
    ])
    expect(cmds[0]?.code).toBe('echo tilde')
    expect(cmds[1]?.code).toBe('```bash\nrm -rf /\n```')
    expect(cmds[1]?.danger.dangerous).toBe(false)
    expect(rb.warnings).toEqual([])
  })

  it('reads attributes from the info string', () => {
    const rb = parseRunbook(
      md('# T', '```bash {name=check-disk target=db confirm owner="ops team"}', 'df -h', '```'),
      'd.md',
    )
    const c = allCommands(rb)[0]
    expect(c?.attributes).toEqual({
      name: 'check-disk',
      target: 'db',
      confirm: true,
      extra: { owner: 'ops team' },
    })
    expect(c?.id).toMatch(/^cmd-check-disk-[0-9a-f]{8}$/)
  })

  it('runs a bare fence only when it is a prompted transcript, whatever the tool', () => {
    const rb = parseRunbook(
      md(
        '# T',
        '```',
        'kubectl get pods',
        '```',
        '```',
        '@channel 障害',
        '```',
        '```',
        '$ oc get pods',
        'NAME READY',
        '```',
      ),
      'e.md',
    )
    expect(allCommands(rb).map((c) => [c.kind, c.runnable, c.code])).toEqual([
      [null, false, 'kubectl get pods'],
      [null, false, '@channel 障害'],
      ['shell', true, 'oc get pods'],
    ])
    expect(allCommands(rb)[2]?.language).toBe('')
    const other = parseRunbook(md('```promql', 'up == 0', '```', '```json', '{}', '```'), 'f.md')
    expect(allCommands(other).map((c) => [c.kind, c.runnable])).toEqual([
      ['promql', true],
      [null, false],
    ])
  })

  it('reads front matter: fields, ${VAR} parameters, unknown keys as warnings', () => {
    const rb = parseRunbook(
      md(
        '---',
        'title: DB unreachable',
        'id: db-down',
        'version: 3',
        'severities: [P1, P2]',
        'defaultTargets: [db]',
        'timeBoxes: { 初動: 15m }',
        'escalation:',
        '  - after: 30m',
        '    notify: team-lead',
        'parameters: [NAMESPACE]',
        'colour: blue',
        '---',
        '# Heading',
        '```bash',
        'kubectl -n ${NAMESPACE} get pods; echo ${HOME}',
        '```',
      ),
      'g.md',
    )
    expect(rb.title).toBe('DB unreachable')
    expect(rb.meta).toEqual({
      title: 'DB unreachable',
      id: 'db-down',
      version: '3',
      severities: ['P1', 'P2'],
      defaultTargets: ['db'],
      timeBoxes: { 初動: '15m' },
      escalation: [{ after: '30m', notify: 'team-lead' }],
      parameters: ['NAMESPACE'],
    })
    expect(rb.warnings).toEqual([
      expect.objectContaining({ code: 'front_matter_unknown_key', line: 12 }),
    ])
    expect(rb.sections[0]).toMatchObject({ title: 'Heading', line: 14 })
    expect(allCommands(rb)[0]?.parameters).toEqual([
      { name: 'NAMESPACE', syntax: 'dollar', line: 16 },
    ])
  })

  it('reads or skips the front-matter keys of site generators without a warning', () => {
    const rb = parseRunbook(
      md(
        '---',
        'title: "Disk full"',
        'weight: 10',
        'aliases: [/old/disk/]',
        'draft: false',
        'tags: [disk]',
        'menu: { main: { weight: 3 } }',
        'toc: true',
        'description: When a volume fills up.',
        'bookToc: true',
        'bookCollapseSection: false',
        'colour: blue',
        '---',
        '## Check',
        '- [ ] df -h',
      ),
      'disk.md',
    )
    expect(rb.title).toBe('Disk full')
    expect(rb.warnings).toEqual([
      expect.objectContaining({ code: 'front_matter_unknown_key', line: 12 }),
    ])
  })

  it('reads Hugo TOML front matter (+++), and names the line of a TOML mistake', () => {
    const rb = parseRunbook(
      md('+++', 'title = "Queue stuck"', 'weight = 5', 'id = "queue-stuck"', '+++', '- [ ] look'),
      'q.md',
    )
    expect(rb.meta).toMatchObject({ title: 'Queue stuck', id: 'queue-stuck' })
    expect(rb.warnings.map((w) => w.code)).toEqual(['no_headings'])
    const broken = parseRunbook(
      md('+++', 'title = "x"', 'weight = = 5', '+++', '# B', '- [ ] s'),
      'b.md',
    )
    expect(broken.warnings[0]).toMatchObject({ code: 'front_matter', line: 3 })
    expect(broken.warnings[0]?.message).toMatch(/not valid TOML/)
    expect(broken.sections[0]?.title).toBe('B')
  })

  it('keeps step ids stable across re-imports and edits elsewhere', () => {
    const a = parseRunbook(md('# A', '- [ ] check', '# B', '- [ ] check'), 'h.md')
    const b = parseRunbook(md('# A', 'new prose', '- [ ] check', '# B', '- [ ] check'), 'h.md')
    expect(allSteps(a).map((s) => s.id)).toEqual(allSteps(b).map((s) => s.id))
    expect(a.digest).not.toBe(b.digest)
    expect(new Set(allSteps(a).map((s) => s.id)).size).toBe(2)
  })
})
