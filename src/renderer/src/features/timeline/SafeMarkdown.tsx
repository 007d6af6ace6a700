// A tiny, safe Markdown subset for notes: paragraphs, "- " lists, "#" headings, **bold**,
// *italic* and `code`. Everything becomes React text nodes: raw input never reaches innerHTML,
// because notes may quote hostile remote output.
import type { ReactNode } from 'react'

const INLINE = /(`[^`\n]+`|\*\*[^*\n]+\*\*|\*[^*\n]+\*)/g

function inline(text: string, keyBase: string): ReactNode[] {
  const out: ReactNode[] = []
  let last = 0
  let i = 0
  for (const m of text.matchAll(INLINE)) {
    const at = m.index
    if (at > last) out.push(text.slice(last, at))
    const tok = m[0]
    const key = `${keyBase}-${i++}`
    if (tok.startsWith('`')) out.push(<code key={key}>{tok.slice(1, -1)}</code>)
    else if (tok.startsWith('**')) out.push(<strong key={key}>{tok.slice(2, -2)}</strong>)
    else out.push(<em key={key}>{tok.slice(1, -1)}</em>)
    last = at + tok.length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/** Long notes are shown up to this many lines; the rest stays on the timeline. */
const MAX_LINES = 400

export function SafeMarkdown({ text }: { text: string }): React.JSX.Element {
  const lines = text.split('\n')
  const blocks: ReactNode[] = []
  let list: ReactNode[] = []
  let inCode = false
  let code: string[] = []
  const flushList = (k: number): void => {
    if (list.length) blocks.push(<ul key={`ul-${k}`}>{list}</ul>)
    list = []
  }
  lines.slice(0, MAX_LINES).forEach((line, k) => {
    if (line.startsWith('```')) {
      if (inCode) {
        blocks.push(<pre key={`pre-${k}`}>{code.join('\n')}</pre>)
        code = []
      } else flushList(k)
      inCode = !inCode
      return
    }
    if (inCode) return void code.push(line)
    const item = /^\s*[-*]\s+(.*)$/.exec(line)
    if (item) return void list.push(<li key={`li-${k}`}>{inline(item[1] ?? '', `li-${k}`)}</li>)
    flushList(k)
    const heading = /^#{1,6}\s+(.*)$/.exec(line)
    if (heading) blocks.push(<strong key={`h-${k}`}>{inline(heading[1] ?? '', `h-${k}`)}</strong>)
    else if (line.trim() !== '') blocks.push(<p key={`p-${k}`}>{inline(line, `p-${k}`)}</p>)
  })
  if (inCode && code.length) blocks.push(<pre key="pre-end">{code.join('\n')}</pre>)
  flushList(lines.length)
  return <div className="safe-md">{blocks}</div>
}
