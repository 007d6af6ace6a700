// Markdown as GitHub shows it (CommonMark + GFM: tables, task items, strikethrough, autolinks),
// for runbook prose and timeline notes, which may quote hostile remote output. The text is read
// by the same parser as the core's runbook reader and every node becomes a React element or a
// text node: raw HTML is shown as the text it is, never put into the page; links open only
// through the confirmed opener (openLinkAfterConfirm), never by navigating this window; images
// are links to what they show, never fetched.
import type { Nodes, Root, RootContent, Table } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import type { ReactNode } from 'react'
import { useMemo } from 'react'
import { openLinkAfterConfirm } from '../grid/openLink'

/** Long notes are shown up to this many characters; the rest stays on the timeline. */
export const MAX_MARKDOWN_CHARS = 200_000

export function readMarkdown(text: string): Root {
  return fromMarkdown(text.slice(0, MAX_MARKDOWN_CHARS), {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  })
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

type Definitions = Map<string, string>

function definitionsOf(root: Root): Definitions {
  const defs: Definitions = new Map()
  const visit = (n: Nodes): void => {
    if (n.type === 'definition') defs.set(n.identifier, n.url)
    if ('children' in n) (n.children as Nodes[]).forEach(visit)
  }
  visit(root)
  return defs
}

function Link({
  url,
  title,
  children,
}: {
  url: string
  title?: string | null
  children: ReactNode
}) {
  const href = safeUrl(url)
  if (!href) return <span className="md-link-off">{children}</span>
  const open = (): void => openLinkAfterConfirm(href)
  // No href: the page never navigates and no middle-click opens it around the confirmation.
  return (
    <a
      role="link"
      tabIndex={0}
      className="md-link"
      title={title ?? href}
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

function TableView({ node, defs }: { node: Table; defs: Definitions }) {
  const [head, ...rows] = node.children
  const align = (i: number) => node.align?.[i] ?? undefined
  return (
    <div className="md-table-wrap">
      <table className="md-table">
        {head ? (
          <thead>
            <tr>
              {head.children.map((cell, i) => (
                <th key={i} style={align(i) ? { textAlign: align(i) ?? undefined } : undefined}>
                  {children(cell.children, defs)}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.children.map((cell, i) => (
                <td key={i} style={align(i) ? { textAlign: align(i) ?? undefined } : undefined}>
                  {children(cell.children, defs)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function children(nodes: RootContent[], defs: Definitions): ReactNode[] {
  return nodes.map((n, i) => <MdNode key={i} node={n} defs={defs} />)
}

function MdNode({ node, defs }: { node: RootContent; defs: Definitions }): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p>{children(node.children, defs)}</p>
    case 'heading': {
      // Headings inside a note or a runbook's prose stay small: the page has its own.
      const Tag = `h${Math.min(node.depth + 3, 6)}` as 'h4'
      return <Tag className="md-heading">{children(node.children, defs)}</Tag>
    }
    case 'text':
      return node.value
    case 'emphasis':
      return <em>{children(node.children, defs)}</em>
    case 'strong':
      return <strong>{children(node.children, defs)}</strong>
    case 'delete':
      return <del>{children(node.children, defs)}</del>
    case 'inlineCode':
      return <code>{node.value}</code>
    case 'break':
      return <br />
    case 'thematicBreak':
      return <hr />
    case 'code':
      return (
        <pre className="md-code" data-lang={node.lang ?? undefined}>
          <code>{node.value}</code>
        </pre>
      )
    case 'blockquote':
      return <blockquote>{children(node.children, defs)}</blockquote>
    case 'list': {
      const items = children(node.children, defs)
      return node.ordered ? (
        <ol start={node.start ?? undefined}>{items}</ol>
      ) : (
        <ul className={node.children.some((c) => typeof c.checked === 'boolean') ? 'md-tasks' : ''}>
          {items}
        </ul>
      )
    }
    case 'listItem': {
      // A tight item's paragraph is shown inline, as GitHub does.
      const content: ReactNode[] = node.spread
        ? children(node.children, defs)
        : node.children.flatMap((c, i): ReactNode[] =>
            c.type === 'paragraph'
              ? children(c.children, defs)
              : [<MdNode key={`c${i}`} node={c} defs={defs} />],
          )
      return (
        <li>
          {typeof node.checked === 'boolean' ? (
            <input type="checkbox" checked={node.checked} disabled readOnly />
          ) : null}
          {content}
        </li>
      )
    }
    case 'table':
      return <TableView node={node} defs={defs} />
    case 'link':
      return (
        <Link url={node.url} title={node.title}>
          {children(node.children, defs)}
        </Link>
      )
    case 'linkReference': {
      const url = defs.get(node.identifier)
      return url ? (
        <Link url={url}>{children(node.children, defs)}</Link>
      ) : (
        <>{children(node.children, defs)}</>
      )
    }
    case 'image':
      return <Link url={node.url}>{`🖼 ${node.alt || node.url}`}</Link>
    case 'imageReference': {
      const url = defs.get(node.identifier)
      return url ? <Link url={url}>{`🖼 ${node.alt ?? url}`}</Link> : `![${node.alt ?? ''}]`
    }
    case 'html':
      // Raw HTML is shown as written: a note may quote a page, and nothing of it may run.
      return <code className="md-html">{node.value}</code>
    case 'footnoteReference':
      return <sup>[{node.label ?? node.identifier}]</sup>
    case 'footnoteDefinition':
      return (
        <div className="md-footnote">
          <sup>[{node.label ?? node.identifier}]</sup> {children(node.children, defs)}
        </div>
      )
    case 'definition':
      return null
    default:
      return null
  }
}

export function SafeMarkdown({ text }: { text: string }): React.JSX.Element {
  const tree = useMemo(() => readMarkdown(text), [text])
  const defs = useMemo(() => definitionsOf(tree), [tree])
  return <div className="safe-md">{children(tree.children, defs)}</div>
}
