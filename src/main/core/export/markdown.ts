// The postmortem document as GitHub-flavoured Markdown: GFM pipe tables (pandoc -f gfm reads
// them as Table blocks), pinned timeline rows in bold with a marker.
import type { Block, Doc } from './postmortemDoc'

/**
 * Text from events and hosts as inert Markdown: `&`, `<` and `>` as entities, so a `<script>`,
 * an `<img onerror>` or an `<a href="javascript:…">` printed by a compromised host stays text in
 * whatever renders the export (a wiki, a ticket, a Markdown viewer that allows HTML).
 */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A table cell: HTML escaped, pipes escaped, line breaks as <br> (a GFM cell is one line). */
export function cell(s: string): string {
  const v = escapeHtml(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
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
      return b.rows
        .map(([k, v]) => `- **${escapeHtml(k)}**: ${escapeHtml(v).replace(/\r?\n/g, ' ')}`)
        .join('\n')
    case 'table':
      return b.rows.length ? table(b.head, b.rows) : '—'
    case 'text':
      // The postmortem's prose is Markdown and stays Markdown (emphasis, links, lists), but not
      // HTML: it is often pasted from a terminal or prefilled from events.
      return b.text.trim() ? escapeHtml(b.text.trim()) : '—'
    case 'list':
      return b.items
        .map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${escapeHtml(it).replace(/\r?\n/g, ' ')}`)
        .join('\n')
    case 'subheading':
      return `### ${escapeHtml(b.text)}`
    case 'charts':
      return ''
  }
}

/** The whole document; `rows` lets a caller report progress while a long timeline is written. */
export function* markdownParts(doc: Doc): Generator<string> {
  yield `# ${escapeHtml(doc.title)}\n`
  for (const s of doc.sections) {
    yield `\n## ${escapeHtml(s.title)}\n\n`
    const blocks = s.blocks.map(blockMarkdown).filter((x) => x !== '')
    yield `${blocks.join('\n\n')}\n`
  }
}

export function renderMarkdown(doc: Doc): string {
  return [...markdownParts(doc)].join('')
}
