// Runbook prose and notes rendered as GitHub shows them (tables, task items, links, code), with
// nothing of the text able to run: raw HTML stays text, links carry no href and open only
// through the confirmed opener, images are never fetched.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

// The link opener's i18n module names the page's language on <html> when it loads: give this
// DOM-less run the one element it touches.
if (typeof document === 'undefined') {
  Object.assign(globalThis, { document: { documentElement: { lang: '' } } })
}
const { SafeMarkdown, safeUrl } = await import('../../../src/renderer/src/ui/SafeMarkdown')

const render = (text: string): string => renderToStaticMarkup(createElement(SafeMarkdown, { text }))

describe('SafeMarkdown', () => {
  it('renders a placeholder table as a table, not as pipes', () => {
    const html = render(
      [
        '| Placeholder | Meaning |',
        '|:--|--:|',
        '| `<db_host>` | the database host |',
        '| `<service>` | the **systemd** unit |',
      ].join('\n'),
    )
    expect(html).toContain('<table class="md-table">')
    expect(html).toContain('<th style="text-align:left">Placeholder</th>')
    expect(html).toContain('<td style="text-align:left"><code>&lt;db_host&gt;</code></td>')
    expect(html).toContain('<strong>systemd</strong>')
    expect(html).not.toContain('|')
  })

  it('shows task items, strikethrough, lists, quotes and code blocks', () => {
    const html = render(
      [
        '- [x] paged the DBA',
        '- [ ] ~~restart~~ fail over',
        '',
        '1. first',
        '2. second',
        '',
        '> careful',
        '',
        '```bash',
        'df -h',
        '```',
      ].join('\n'),
    )
    expect(html).toContain(
      '<input type="checkbox" disabled="" readOnly="" checked=""/>paged the DBA',
    )
    expect(html).toContain('<del>restart</del>')
    expect(html).toContain('<ol start="1"><li>first</li><li>second</li></ol>')
    expect(html).toContain('<blockquote><p>careful</p></blockquote>')
    expect(html).toContain('<pre class="md-code" data-lang="bash"><code>df -h</code></pre>')
  })

  it('keeps raw HTML as text: nothing of it reaches the page as markup', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '',
        'inline <img src=x onerror="alert(2)"> and <b>bold</b>',
      ].join('\n'),
    )
    expect(html).not.toMatch(/<script|<img|<b>/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;')
  })

  it('links carry no href; only http(s) links are links at all; images are not fetched', () => {
    const html = render(
      [
        '[status](https://status.example.com "Status page") and <https://wiki.example.com/x>',
        '[bad](javascript:alert(1)) [file](file:///etc/passwd) https://bare.example.org/x',
        '![graph](https://grafana.example.com/render.png) [ref][r]',
        '',
        '[r]: https://runbooks.example.com/ref',
      ].join('\n'),
    )
    expect(html).not.toContain('href=')
    expect(html).not.toContain('<img')
    expect(html).toContain(
      '<a role="link" tabindex="0" class="md-link" title="Status page">status</a>',
    )
    expect(html).toContain('title="https://wiki.example.com/x"')
    // markdown-it refuses javascript: and file: links outright: they stay text.
    expect(html).toContain('[bad](javascript:alert(1)) [file](file:///etc/passwd)')
    expect(html).toContain('title="https://bare.example.org/x">https://bare.example.org/x</a>')
    expect(html).toContain('title="https://grafana.example.com/render.png">🖼 graph</a>')
    expect(html).toContain('title="https://runbooks.example.com/ref">ref</a>')
  })

  it('a mailto or ftp link is text; a hostile note of brackets renders in linear time', () => {
    const html = render('[mail](mailto:ops@example.com) [ftp](ftp://files.example.com/a)')
    expect(html).toContain('<span class="md-link-off">mail</span>')
    expect(html).toContain('<span class="md-link-off">ftp</span>')
    const started = performance.now()
    render('[ '.repeat(100_000))
    render('- [ ] '.repeat(30_000))
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('accepts only web URLs for the opener', () => {
    expect(safeUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1')
    expect(safeUrl('http://10.0.0.1:3000')).toBe('http://10.0.0.1:3000/')
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '/rel']) {
      expect(safeUrl(bad)).toBeNull()
    }
  })
})
