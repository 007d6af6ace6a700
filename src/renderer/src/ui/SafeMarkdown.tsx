// Markdown as GitHub shows it (CommonMark + GFM tables, task items, strikethrough, autolinks),
// for runbook prose and timeline notes, which may quote hostile remote output. The text is read
// by markdown-it, the parser of the core's runbook reader, and every token becomes a React
// element or a text node: raw HTML is shown as the text it is, never put into the page; links
// open only through the confirmed opener (openLinkAfterConfirm), never by navigating this
// window; images are links to what they show, never fetched.
import MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'
import type { ReactNode } from 'react'
import { useMemo } from 'react'
import { openLinkAfterConfirm } from './openLink'

/** Long notes are shown up to this many characters; the rest stays on the timeline. */
export const MAX_MARKDOWN_CHARS = 200_000

const parser = new MarkdownIt('commonmark', { html: true, linkify: true }).enable([
  'table',
  'strikethrough',
  'linkify',
])

/** A token with the tokens between its _open and _close, as a tree. */
interface MdNode {
  token: Token
  children: MdNode[]
}

function nest(tokens: Token[]): MdNode[] {
  const root: MdNode[] = []
  const stack: MdNode[][] = [root]
  for (const token of tokens) {
    const siblings = stack.at(-1) ?? root
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop()
      continue
    }
    const node: MdNode = { token, children: token.children ? nest(token.children) : [] }
    siblings.push(node)
    if (token.nesting === 1) stack.push(node.children)
  }
  return root
}

export function readMarkdown(text: string): MdNode[] {
  return nest(parser.parse(text.slice(0, MAX_MARKDOWN_CHARS), {}))
}

/** Only web links open, and only after the responder confirms. */
export function safeUrl(url: string): string | null {
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

function Link({
  url,
  title,
  children,
}: {
  url: string
  title?: string | null
  children: ReactNode
}): React.JSX.Element {
  const href = safeUrl(url)
  if (!href) return <span className="md-link-off">{children}</span>
  const open = (): void => openLinkAfterConfirm(href)
  // No href: the page never navigates and no middle-click opens it around the confirmation.
  return (
    <a
      role="link"
      tabIndex={0}
      className="md-link"
      title={title || href}
      onClick={(e) => {
        e.preventDefault()
        open()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open()
      }}
    >
      {children}
    </a>
  )
}

/** GFM task item: its first paragraph starts with `[ ]`, `[x]` or `[X]` and a space. */
function taskOf(item: MdNode): { checked: boolean } | null {
  const inline = item.children[0]?.children[0]
  const first = inline?.children[0]?.token
  if (first?.type !== 'text') return null
  const m = /^\[([ xX])\](?=\s|$)/.exec(first.content)
  return m ? { checked: m[1] !== ' ' } : null
}

const render = (nodes: MdNode[]): ReactNode[] => nodes.map((n, i) => <Node key={i} node={n} />)

/** An attribute as text (markdown-it types allow numbers). */
const attr = (token: Token, name: string): string | null => {
  const v = token.attrGet(name)
  return v === null ? null : String(v)
}

function cellStyle(token: Token): React.CSSProperties | undefined {
  const align = /text-align:(left|right|center)/.exec(attr(token, 'style') ?? '')?.[1]
  return align ? { textAlign: align as 'left' | 'right' | 'center' } : undefined
}

function Node({ node }: { node: MdNode }): ReactNode {
  const { token, children } = node
  switch (token.type) {
    case 'inline':
      return <>{render(children)}</>
    case 'paragraph_open':
      // A tight list item's paragraph is shown inline, as GitHub does.
      return token.hidden ? <>{render(children)}</> : <p>{render(children)}</p>
    case 'heading_open': {
      // Headings inside a note or a runbook's prose stay small: the page has its own.
      const Tag = `h${Math.min(Number(token.tag.slice(1)) + 3, 6)}` as 'h4'
      return <Tag className="md-heading">{render(children)}</Tag>
    }
    case 'text':
      return token.content
    case 'softbreak':
      return '\n'
    case 'hardbreak':
      return <br />
    case 'em_open':
      return <em>{render(children)}</em>
    case 'strong_open':
      return <strong>{render(children)}</strong>
    case 's_open':
      return <del>{render(children)}</del>
    case 'code_inline':
      return <code>{token.content}</code>
    case 'hr':
      return <hr />
    case 'fence':
    case 'code_block':
      return (
        <pre className="md-code" data-lang={token.info.trim().split(/\s+/)[0] || undefined}>
          <code>{token.content.replace(/\n$/, '')}</code>
        </pre>
      )
    case 'blockquote_open':
      return <blockquote>{render(children)}</blockquote>
    case 'bullet_list_open':
      return (
        <ul className={children.some((c) => taskOf(c)) ? 'md-tasks' : undefined}>
          {render(children)}
        </ul>
      )
    case 'ordered_list_open': {
      const start = Number(token.attrGet('start') ?? 1)
      return <ol start={start}>{render(children)}</ol>
    }
    case 'list_item_open': {
      const task = taskOf(node)
      if (!task) return <li>{render(children)}</li>
      // The checkbox is shown as a box, and its text no longer starts with `[ ] `.
      const [para, ...rest] = children
      const inline = para?.children[0]
      const [first, ...inlineRest] = inline?.children ?? []
      const label = first ? first.token.content.replace(/^\[[ xX]\]\s?/, '') : ''
      return (
        <li>
          <input type="checkbox" checked={task.checked} disabled readOnly />
          {label}
          {render(inlineRest)}
          {render(rest)}
        </li>
      )
    }
    case 'table_open':
      return (
        <div className="md-table-wrap">
          <table className="md-table">{render(children)}</table>
        </div>
      )
    case 'thead_open':
      return <thead>{render(children)}</thead>
    case 'tbody_open':
      return <tbody>{render(children)}</tbody>
    case 'tr_open':
      return <tr>{render(children)}</tr>
    case 'th_open':
      return <th style={cellStyle(token)}>{render(children)}</th>
    case 'td_open':
      return <td style={cellStyle(token)}>{render(children)}</td>
    case 'link_open':
      return (
        <Link url={attr(token, 'href') ?? ''} title={attr(token, 'title')}>
          {render(children)}
        </Link>
      )
    case 'image': {
      const src = attr(token, 'src') ?? ''
      return <Link url={src}>{`🖼 ${token.content || src}`}</Link>
    }
    case 'html_block':
    case 'html_inline':
      // Raw HTML is shown as written: a note may quote a page, and nothing of it may run.
      return <code className="md-html">{token.content.replace(/\n$/, '')}</code>
    default:
      return null
  }
}

export function SafeMarkdown({ text }: { text: string }): React.JSX.Element {
  const nodes = useMemo(() => readMarkdown(text), [text])
  return <div className="safe-md">{render(nodes)}</div>
}
