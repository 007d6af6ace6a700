// The Markdown syntax tree of a runbook, as GitHub reads it: CommonMark plus the GFM extensions
// (tables, task list items, strikethrough, autolinks, footnotes) through micromark and
// mdast-util-from-markdown. Every node carries its position, so warnings keep naming lines.
import type { Code, Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'

export function readMarkdownTree(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
}

export const startLine = (node: Nodes): number => node.position?.start.line ?? 1
export const endLine = (node: Nodes): number => node.position?.end.line ?? startLine(node)

/** Fenced (``` or ~~~) rather than indented: only fenced blocks can be commands. */
export function isFenced(code: Code, lines: readonly string[]): boolean {
  const first = lines[startLine(code) - 1] ?? ''
  const column = (code.position?.start.column ?? 1) - 1
  const rest = first.slice(column)
  return rest.startsWith('```') || rest.startsWith('~~~')
}

/**
 * A fence whose closing line is missing runs to the end of its container (the file, a list
 * item, a quote). The parser accepts that silently; the author should hear about it.
 */
export function fenceIsClosed(code: Code, lines: readonly string[]): boolean {
  const open = (lines[startLine(code) - 1] ?? '').slice((code.position?.start.column ?? 1) - 1)
  const marker = /^(`{3,}|~{3,})/.exec(open)?.[1] ?? '```'
  if (endLine(code) === startLine(code)) return false
  const last = (lines[endLine(code) - 1] ?? '').trim()
  return last.length >= marker.length && [...last].every((c) => c === marker[0])
}
