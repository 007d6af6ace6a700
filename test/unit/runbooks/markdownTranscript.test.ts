// Blocks written as terminal sessions: prompts come off the commands, output is shown and never
// run, and the same rule holds for console blocks, shell blocks and bare fences.
import { describe, expect, it } from 'vitest'
import { allCommands, parseRunbook } from '../../../src/main/core/runbooks'
import { readTranscript } from '../../../src/main/core/runbooks/transcript'

const md = (...lines: string[]): string => lines.join('\n')

describe('prompted blocks', () => {
  it('runs the prompted lines of a bash block and shows its output', () => {
    const rb = parseRunbook(
      md(
        '# Pods',
        '```bash',
        '$ kubectl -n shop get pods',
        'NAME        READY   STATUS',
        'web-1       1/1     Running',
        '$ kubectl -n shop logs web-1 --tail=5',
        '```',
      ),
      'p.md',
    )
    const [c] = allCommands(rb)
    expect(c).toMatchObject({ kind: 'shell', runnable: true, language: 'bash' })
    expect(c?.code).toBe('kubectl -n shop get pods\nkubectl -n shop logs web-1 --tail=5')
    expect(c?.transcript?.map((l) => [l.role, l.line, l.prompt])).toEqual([
      ['command', 3, '$'],
      ['output', 4, undefined],
      ['output', 5, undefined],
      ['command', 6, '$'],
    ])
  })

  it('treats console, shell-session and sh-session alike, and bare fences only when prompted', () => {
    for (const lang of ['console', 'shell-session', 'sh-session', '']) {
      const rb = parseRunbook(
        md('# T', '```' + lang, '$ uptime', ' 10:00 up 3 days', '```'),
        'c.md',
      )
      expect(allCommands(rb)[0]).toMatchObject({ kind: 'shell', runnable: true, code: 'uptime' })
    }
    const unprompted = parseRunbook(md('# T', '```console', 'Filesystem 1K-blocks', '```'), 'o.md')
    expect(allCommands(unprompted)[0]).toMatchObject({ runnable: false, code: '' })
    expect(unprompted.warnings.map((w) => w.code)).toEqual(['nothing_to_run'])
  })

  it('reads `# ` as a root prompt when output follows it, or inside a root shell', () => {
    const t = readTranscript(
      'console',
      md(
        '# restart the web tier',
        '# systemctl is-active nginx',
        'active',
        '$ sudo -i',
        '# cd /srv',
        '# exit',
        '# a comment again',
      ),
    )
    expect(t?.code).toBe('systemctl is-active nginx\nsudo -i\ncd /srv\nexit')
    expect(t?.lines.map((l) => l.role)).toEqual([
      'output',
      'command',
      'output',
      'command',
      'command',
      'command',
      'output',
    ])
    // A script with comments and no prompt is not a transcript at all.
    expect(readTranscript('bash', md('# check the disk', 'df -h'))).toBeNull()
    // zsh's `% ` prompt counts like `$ `.
    expect(readTranscript('zsh', md('% uptime', ' 10:00 up 3 days'))?.code).toBe('uptime')
  })

  it('keeps continuation lines and heredoc bodies with their command', () => {
    const t = readTranscript(
      'console',
      md(
        '$ kubectl get pods \\',
        '>   -n kube-system',
        'NAME  READY',
        "$ psql -X <<'SQL'",
        '> SELECT count(*) FROM pg_stat_activity;',
        '> SQL',
        ' count',
        '$ cat <<< "here-string"',
        'here-string',
      ),
    )
    expect(t?.code).toBe(
      md(
        'kubectl get pods \\',
        '  -n kube-system',
        "psql -X <<'SQL'",
        'SELECT count(*) FROM pg_stat_activity;',
        'SQL',
        'cat <<< "here-string"',
      ),
    )
    expect(t?.codeIndex).toEqual([0, 1, 3, 4, 5, 7])
  })

  it('points parameters of a prompted block at their file lines', () => {
    const rb = parseRunbook(
      md(
        '# T',
        '```console',
        '$ kubectl get pods',
        'NAME',
        'a',
        '$ kubectl logs <pod_name>',
        '```',
      ),
      'l.md',
    )
    const [c] = allCommands(rb)
    expect(c?.parameters.map((p) => [p.name, p.line])).toEqual([['pod_name', 6]])
  })

  it('leaves a script that merely mentions $ alone', () => {
    const rb = parseRunbook(md('# T', '```bash', 'echo "$HOME"', 'x=$ (', '```'), 's.md')
    expect(allCommands(rb)[0]?.transcript).toBeUndefined()
  })
})

describe('Markdown through the CommonMark + GFM parser', () => {
  it('keeps tables, quotes and indented code as text of their section', () => {
    const rb = parseRunbook(
      md(
        '# T',
        '| Placeholder | Meaning |',
        '|---|---|',
        '| `<db_host>` | the database |',
        '',
        '> ```bash',
        '> rm -rf /',
        '> ```',
        '',
        '    sudo reboot',
        '- [ ] check',
      ),
      't.md',
    )
    expect(allCommands(rb)).toEqual([])
    const blocks = rb.sections[0]?.blocks ?? []
    expect(blocks[0]).toMatchObject({ kind: 'markdown', line: 2 })
    expect(blocks[0]?.kind === 'markdown' && blocks[0].text).toContain('| `<db_host>` |')
    expect(blocks.map((b) => b.kind)).toEqual(['markdown', 'step'])
  })

  it('reads setext headings and warns about a fence left open in a list item', () => {
    const rb = parseRunbook(
      md('Title', '=====', '- [ ] step', '  ```bash', '  uptime', '- [ ] next'),
      'x.md',
    )
    expect(rb.title).toBe('Title')
    expect(rb.warnings).toEqual([expect.objectContaining({ code: 'unclosed_fence', line: 4 })])
    expect(allCommands(rb)[0]?.code).toBe('uptime')
  })

  it('prose cut out of a list item is dedented so it does not render as code', () => {
    const rb = parseRunbook(
      md(
        '# T',
        '1. Look at the logs',
        '   ```bash',
        '   journalctl -n 20',
        '   ```',
        '   then compare',
      ),
      'd.md',
    )
    const blocks = rb.sections[0]?.blocks ?? []
    expect(blocks.map((b) => (b.kind === 'markdown' ? b.text : b.kind))).toEqual([
      '1. Look at the logs',
      'command',
      'then compare',
    ])
  })
})
