// The postmortem document as GitHub-flavoured Markdown: GFM pipe tables (pandoc -f gfm reads
// them as Table blocks), pinned timeline rows in bold with a marker.
import type { Block, Doc } from './postmortemDoc'

/** A table cell: pipes escaped, line breaks as <br> (a GFM cell is one line). */
export function cell(s: string): string {
  const v = s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
  return v.trim() === '' ? ' ' : v
}

function table(head: string[], rows: { cells: string[]; highlight: boolean }[]): string {
  const out = [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`]
  for (const r of rows) {
    const cells = r.cells.map((c, i) => {
      const v = cell(c)
      // Bold the row and mark it at its first cell: pinned events stand out in any renderer.
      return r.highlight && v.trim() ? `**${i === 0 ? '📌 ' : ''}${v}**` : v
    })
    out.push(`| ${cells.join(' | ')} |`)
  }
  return out.join('\n')
}

export function blockMarkdown(b: Block): string {
  switch (b.type) {
    case 'kv':
      return b.rows.map(([k, v]) => `- **${k}**: ${v.replace(/\r?\n/g, ' ')}`).join('\n')
    case 'table':
      return b.rows.length ? table(b.head, b.rows) : '—'
    case 'text':
      return b.text.trim() ? b.text.trim() : '—'
    case 'list':
      return b.items
        .map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${it.replace(/\r?\n/g, ' ')}`)
        .join('\n')
    case 'subheading':
      return `### ${b.text}`
    case 'charts':
      return ''
  }
}

/** The whole document; `rows` lets a caller report progress while a long timeline is written. */
export function* markdownParts(doc: Doc): Generator<string> {
  yield `# ${doc.title}\n`
  for (const s of doc.sections) {
    yield `\n## ${s.title}\n\n`
    const blocks = s.blocks.map(blockMarkdown).filter((x) => x !== '')
    yield `${blocks.join('\n\n')}\n`
  }
}

export function renderMarkdown(doc: Doc): string {
  return [...markdownParts(doc)].join('')
}
