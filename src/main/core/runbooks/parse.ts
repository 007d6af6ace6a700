// Reads a Markdown runbook as GitHub shows it: headings become the section tree, task items
// become checklist steps, fenced blocks become commands under the step or section they stand
// in, and everything else stays Markdown text for the console to render. The Markdown itself is
// read by a CommonMark + GFM parser (markdownTree.ts); this file only decides what each node
// means to a responder. Total by design: a malformed file imports with warnings naming lines,
// never a crash.
import type { Code, List, ListItem, Nodes, RootContent } from 'mdast'
import { buildCommand } from './command'
import { decodeRunbook } from './decode'
import { readFrontMatter } from './frontMatter'
import { IdRegistry, makeId, shortHash } from './ids'
import { endLine, fenceIsClosed, isFenced, readMarkdownTree, startLine } from './markdownTree'
import { readTranscript } from './transcript'
import type { Command, Runbook, RunbookMeta, RunbookWarning, Section, Step } from './types'
import { allCommands, allSteps } from './walk'

/** Width of leading whitespace, tabs counted to the next multiple of 4 as CommonMark does. */
function indentOf(line: string): number {
  let width = 0
  for (const c of line) {
    if (c === ' ') width++
    else if (c === '\t') width += 4 - (width % 4)
    else break
  }
  return width
}

/** Drops up to `width` columns of indentation, keeping what is indented beyond it. */
function dedent(line: string, width: number): string {
  let i = 0
  let col = 0
  while (i < line.length && col < width) {
    const c = line[i]
    if (c === ' ') col++
    else if (c === '\t') col += 4 - (col % 4)
    else break
    i++
  }
  return line.slice(i)
}

export function parseRunbook(markdown: string | Uint8Array, source: string): Runbook {
  const text = decodeRunbook(markdown, source)
  const lines = text.split(/\r\n|\r|\n/)
  const warnings: RunbookWarning[] = []
  const { meta, bodyStart } = readFrontMatter(lines, warnings)
  return new Reader(source, shortHash(text), meta, warnings, lines, bodyStart).read()
}

class Reader {
  private readonly roots: Section[] = []
  private readonly stack: Section[] = []
  private readonly ids: IdRegistry
  private section: Section | null = null
  private headings = 0
  /** First file line (1-based) not yet given to a section as Markdown text. */
  private proseFrom: number

  constructor(
    private readonly source: string,
    private readonly digest: string,
    private readonly meta: RunbookMeta,
    private readonly warnings: RunbookWarning[],
    /** Every line of the file, front matter included: file line n is lines[n - 1]. */
    private readonly lines: string[],
    /** Lines of front matter before the Markdown body. */
    private readonly offset: number,
  ) {
    this.ids = new IdRegistry(warnings)
    this.proseFrom = offset + 1
    this.bodyLines = lines.slice(offset)
    this.body = this.bodyLines.join('\n')
  }

  /** The Markdown after the front matter, as the tree's offsets count it. */
  private readonly body: string
  private readonly bodyLines: string[]

  read(): Runbook {
    const tree = readMarkdownTree(this.body)
    for (const node of tree.children) this.block(node)
    this.flushProse(this.lines.length)
    const runbook: Runbook = {
      source: this.source,
      digest: this.digest,
      title: this.meta.title ?? this.firstTitle() ?? this.source,
      meta: this.meta,
      sections: this.roots,
      warnings: this.warnings,
    }
    if (this.headings === 0) this.currentSection()
    if (allSteps(runbook).length === 0 && !allCommands(runbook).some((c) => c.runnable)) {
      // One notice says it all: a page with nothing to do needs no advice about its headings.
      this.warnings.push({
        code: 'nothing_to_run',
        line: 1,
        message:
          'Line 1: this runbook has no checklist item ("- [ ]") and no block Sitrep can run (bash, sh, sql, promql, or a console block with "$ " prompts); it imports as a document to read.',
      })
    } else if (this.headings === 0) {
      this.warnings.push({
        code: 'no_headings',
        line: 1,
        message: 'Line 1: the runbook has no headings; everything was put in one section.',
      })
    }
    this.warnings.sort((a, b) => a.line - b.line)
    return runbook
  }

  /** File line of a node (the tree is built from the body after the front matter). */
  private start(node: Nodes): number {
    return startLine(node) + this.offset
  }

  private end(node: Nodes): number {
    return endLine(node) + this.offset
  }

  private firstTitle(): string | undefined {
    const titled = this.roots.filter((s) => s.level > 0 && s.title !== '')
    return (titled.find((s) => s.level === 1) ?? titled[0])?.title
  }

  private block(node: RootContent): void {
    if (node.type === 'heading') {
      this.flushProse(this.start(node) - 1)
      this.openSection(node.depth, this.headingTitle(node), this.start(node))
      this.proseFrom = this.end(node) + 1
    } else if (node.type === 'code' && this.isCommand(node)) {
      this.flushProse(this.start(node) - 1)
      this.addCommand(node, null)
      this.proseFrom = this.end(node) + 1
    } else if (node.type === 'list') this.list(node)
    // Paragraphs, tables, quotes, HTML, rules and indented code are text to read: their lines
    // are given to the section as written when the next step, command or heading comes.
  }

  private list(list: List): void {
    for (const item of list.children) {
      if (typeof item.checked === 'boolean') {
        this.flushProse(this.start(item) - 1)
        this.openStep(item)
        this.proseFrom = this.end(item) + 1
        continue
      }
      // A plain item (numbered instructions, bullets): its text is prose, but a fence or task
      // list inside it still counts, in file order.
      for (const child of item.children) {
        if (child.type === 'list') this.list(child)
        else if (child.type === 'code' && this.isCommand(child)) this.block(child)
      }
    }
  }

  private isCommand(code: Code): boolean {
    return isFenced(code, this.bodyLines)
  }

  /** The heading's text as written (inline Markdown kept), closing #s and line breaks gone. */
  private headingTitle(node: Nodes & { children: Nodes[] }): string {
    const first = node.children[0]
    const last = node.children.at(-1)
    if (!first?.position || !last?.position) return ''
    return this.body
      .slice(first.position.start.offset, last.position.end.offset)
      .replace(/\s*\n\s*/g, ' ')
      .trim()
  }

  private currentSection(): Section {
    if (this.section) return this.section
    // Text before the first heading (or a file without any) lives in an implicit section.
    const s: Section = {
      id: this.ids.claim(makeId('sec', 'intro', this.source), 1, 'the implicit section'),
      level: 0,
      title: '',
      line: 1,
      path: [],
      blocks: [],
      steps: [],
      commands: [],
      children: [],
    }
    this.roots.push(s)
    this.stack.push(s)
    this.section = s
    return s
  }

  private openSection(level: number, title: string, line: number): void {
    this.headings++
    while ((this.stack.at(-1)?.level ?? -1) >= level) this.stack.pop()
    const parent = this.stack.at(-1)
    const path = [...(parent?.path ?? []), title]
    const id = this.ids.claim(makeId('sec', title, ...path), line, `heading "${title}"`)
    const s: Section = {
      id,
      level,
      title,
      line,
      path,
      blocks: [],
      steps: [],
      commands: [],
      children: [],
    }
    if (parent && parent.level > 0) parent.children.push(s)
    else this.roots.push(s)
    this.stack.push(s)
    this.section = s
  }

  /**
   * A task item: its first line is the step; nested items and continuation lines are its
   * sub-lines as written; every fenced block anywhere inside it is one of its commands.
   */
  private openStep(item: ListItem): void {
    const section = this.currentSection()
    const line = this.start(item)
    const raw = this.lines[line - 1] ?? ''
    // The task parser moves the paragraph's first inline node past the checkbox.
    const paragraph = item.children[0]
    const head = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined
    const textColumn =
      head?.position && head.position.start.line === startLine(item)
        ? head.position.start.column - 1
        : raw.length
    const label = raw.slice(textColumn).trim()
    const id = this.ids.claim(makeId('step', label, ...section.path), line, `step "${label}"`)
    const step: Step = {
      id,
      text: label,
      line,
      checked: item.checked === true,
      subLines: [],
      commands: [],
    }
    section.steps.push(step)
    section.blocks.push({ kind: 'step', stepId: id })

    const fences = this.fencesIn(item)
    const inFence = new Set<number>()
    for (const f of fences) {
      for (let l = this.start(f); l <= this.end(f); l++) inFence.add(l)
    }
    // Continuation lines are indented to the item's content (marker plus its spaces).
    const itemColumn = (item.position?.start.column ?? 1) - 1
    const afterMarker = raw.slice(itemColumn).replace(/^(?:[-*+]|\d{1,9}[.)])[ \t]*/, '')
    const contentIndent = indentOf(
      raw.slice(0, raw.length - afterMarker.length).replace(/\S/g, ' '),
    )
    for (let l = line + 1; l <= this.end(item); l++) {
      const sub = this.lines[l - 1] ?? ''
      if (inFence.has(l) || sub.trim() === '') continue
      step.subLines.push(dedent(sub, contentIndent))
    }
    for (const f of fences) this.addCommand(f, step)
  }

  /** Fenced blocks at any depth inside a node, in file order. */
  private fencesIn(node: Nodes): Code[] {
    if (node.type === 'code') return this.isCommand(node) ? [node] : []
    if (node.type === 'blockquote' || !('children' in node)) return []
    return (node.children as Nodes[]).flatMap((c) => this.fencesIn(c))
  }

  /** Markdown text of the section: file lines up to `last`, blank edges trimmed. */
  private flushProse(last: number): void {
    const from = this.proseFrom
    this.proseFrom = Math.max(this.proseFrom, last + 1)
    let first = from
    let end = Math.min(last, this.lines.length)
    while (first <= end && (this.lines[first - 1] ?? '').trim() === '') first++
    while (end >= first && (this.lines[end - 1] ?? '').trim() === '') end--
    if (first > end) return
    const chunk = this.lines.slice(first - 1, end)
    // Text cut out of a list item keeps the item's indentation; without it, it would read as
    // an indented code block when rendered on its own.
    const common = Math.min(...chunk.filter((l) => l.trim() !== '').map(indentOf))
    this.currentSection().blocks.push({
      kind: 'markdown',
      text: chunk.map((l) => dedent(l, common)).join('\n'),
      line: first,
    })
  }

  private addCommand(code: Code, step: Step | null): void {
    const section = this.currentSection()
    const line = this.start(code)
    if (!fenceIsClosed(code, this.bodyLines)) {
      this.warnings.push({
        code: 'unclosed_fence',
        line,
        message: `Line ${line}: code block opened here is never closed; it runs to the end of the file or list item.`,
      })
    }
    const info = [code.lang, code.meta].filter((s) => s).join(' ')
    const transcript = readTranscript((code.lang ?? '').toLowerCase(), code.value)
    const before = this.warnings.length
    // A bare prompted block is read as a console block; its language stays as written ('').
    const asConsole = transcript && !code.lang ? `console ${info}` : info
    const command: Command = buildCommand(
      { info: asConsole, code: transcript ? transcript.code : code.value, line },
      { section, step: step ?? undefined, meta: this.meta, ids: this.ids, warnings: this.warnings },
    )
    if (transcript) {
      command.language = (code.lang ?? '').toLowerCase()
      command.transcript = transcript.lines.map((l) => ({
        role: l.role,
        text: l.text,
        line: line + 1 + l.index,
      }))
      // Parameters were found in the commands alone: point them back at their file lines.
      for (const p of command.parameters) {
        p.line = line + 1 + (transcript.codeIndex[p.line - line - 1] ?? 0)
      }
      // A transcript with output only is a document, not an empty command.
      if (transcript.code.trim() === '' && code.value.trim() !== '') {
        const empty = this.warnings.findIndex((w, i) => i >= before && w.code === 'empty_command')
        if (empty >= 0) this.warnings.splice(empty, 1)
      }
    }
    if (step) step.commands.push(command)
    else {
      section.commands.push(command)
      section.blocks.push({ kind: 'command', commandId: command.id })
    }
  }
}
