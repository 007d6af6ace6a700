// The block structure of a runbook as GitHub reads it: CommonMark plus GFM tables and task
// items, parsed by markdown-it. Only blocks matter to the reader (headings, lists and their
// items, fenced code, the rest as text), so the inline pass is not run: prose is kept as written
// and rendered later. markdown-it was chosen over micromark for this: about 15x less CPU on a
// 100 KB runbook and linear on pathological lines (thousands of `[`), where micromark takes
// seconds. Every block keeps its file lines, so warnings keep naming lines.
import MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'

export type BlockType = 'heading' | 'fence' | 'list' | 'item' | 'paragraph' | 'other'

export interface Block {
  type: BlockType
  /** First and last line in the parsed text, 1-based and inclusive. */
  start: number
  end: number
  /** Heading level (1–6). */
  level?: number
  /** Raw inline text of a heading or paragraph, as written (markdown-it's inline content). */
  text?: string
  /** Fence: info string, fence characters, body as CommonMark reads it. */
  info?: string
  markup?: string
  content?: string
  children: Block[]
}

const parser = new MarkdownIt('commonmark', { html: true }).enable(['table'])
// Blocks only: the inline pass (links, emphasis) is work the reader never uses.
parser.core.ruler.disable(['inline', 'text_join'])

const CONTAINERS: Record<string, BlockType> = {
  bullet_list_open: 'list',
  ordered_list_open: 'list',
  list_item_open: 'item',
  paragraph_open: 'paragraph',
  heading_open: 'heading',
}

function lines(token: Token): { start: number; end: number } {
  const [from, to] = token.map ?? [0, 1]
  return { start: from + 1, end: Math.max(from + 1, to) }
}

export function readMarkdownTree(text: string): Block[] {
  const root: Block = { type: 'other', start: 1, end: 1, children: [] }
  const stack: Block[] = [root]
  for (const token of parser.parse(text, {})) {
    const parent = stack.at(-1) ?? root
    if (token.nesting === 1) {
      const block: Block = {
        type: CONTAINERS[token.type] ?? 'other',
        ...lines(token),
        children: [],
      }
      if (block.type === 'heading') block.level = Number(token.tag.slice(1))
      parent.children.push(block)
      stack.push(block)
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop()
    } else if (token.type === 'inline') {
      parent.text = token.content
    } else if (token.type === 'fence') {
      parent.children.push({
        type: 'fence',
        ...lines(token),
        info: token.info,
        markup: token.markup,
        content: token.content.replace(/\n$/, ''),
        children: [],
      })
    } else if (token.map) {
      parent.children.push({ type: 'other', ...lines(token), children: [] })
    }
  }
  return root.children
}

/**
 * A fence whose closing line is missing runs to the end of its container (the file, a list
 * item). The parser accepts that silently; the author should hear about it.
 */
export function fenceIsClosed(fence: Block, body: readonly string[]): boolean {
  const marker = fence.markup ?? '```'
  if (fence.end === fence.start) return false
  const last = (body[fence.end - 1] ?? '').trim()
  return last.length >= marker.length && [...last].every((c) => c === marker[0])
}

/** GFM task item: the item's first paragraph starts with `[ ]`, `[x]` or `[X]`. */
export function taskOf(item: Block): { checked: boolean; label: string } | null {
  const first = item.children[0]
  if (first?.type !== 'paragraph' || first.start !== item.start) return null
  const text = first.text ?? ''
  const mark = text.slice(0, 3)
  if (mark !== '[ ]' && mark !== '[x]' && mark !== '[X]') return null
  const rest = text.slice(3)
  if (rest !== '' && !/^[ \t\n]/.test(rest)) return null
  return { checked: mark !== '[ ]', label: (rest.split('\n')[0] ?? '').trim() }
}
