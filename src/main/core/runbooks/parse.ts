// Reads a Markdown runbook as GitHub shows it: headings become the section tree, task items
// become checklist steps, fenced blocks become commands under the step or section they stand
// in, and everything else stays Markdown text for the console to render. The Markdown itself is
// read by a CommonMark + GFM parser (markdown-it, markdownTree.ts); this file only decides what
// each block means to a responder. Total by design: a malformed file imports with warnings naming lines,
// never a crash.
import { parseInfoString } from './codeBlock'
import { buildCommand } from './command'
import { decodeRunbook } from './decode'
import { readFrontMatter } from './frontMatter'
import { IdRegistry, makeId, shortHash } from './ids'
import { fenceIsClosed, readMarkdownTree, taskOf, type Block } from './markdownTree'
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
    for (const block of tree) this.block(block)
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

  /** File line of a block (the tree is built from the body after the front matter). */
  private start(block: Block): number {
    return block.start + this.offset
  }

  private end(block: Block): number {
    return block.end + this.offset
  }

  private firstTitle(): string | undefined {
    const titled = this.roots.filter((s) => s.level > 0 && s.title !== '')
    return (titled.find((s) => s.level === 1) ?? titled[0])?.title
  }

  private block(block: Block): void {
    if (block.type === 'heading') {
      this.flushProse(this.start(block) - 1)
      // The heading's text as written (inline Markdown kept), line breaks of a setext one gone.
      const title = (block.text ?? '').replace(/\s*\n\s*/g, ' ').trim()
      this.openSection(block.level ?? 1, title, this.start(block))
      this.proseFrom = this.end(block) + 1
    } else if (block.type === 'fence') {
      this.flushProse(this.start(block) - 1)
      this.addCommand(block, null)
      this.proseFrom = this.end(block) + 1
    } else if (block.type === 'list') this.list(block)
    // Paragraphs, tables, quotes, HTML, rules and indented code are text to read: their lines
    // are given to the section as written when the next step, command or heading comes.
  }

  private list(list: Block): void {
    for (const item of list.children) {
      const task = taskOf(item)
      if (task) {
        this.flushProse(this.start(item) - 1)
        this.openStep(item, task)
        this.proseFrom = this.end(item) + 1
        continue
      }
      // A plain item (numbered instructions, bullets): its text is prose, but a fence or task
      // list inside it still counts, in file order.
      for (const child of item.children) {
        if (child.type === 'list') this.list(child)
        else if (child.type === 'fence') this.block(child)
      }
    }
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
  private openStep(item: Block, task: { checked: boolean; label: string }): void {
    const section = this.currentSection()
    const line = this.start(item)
    const raw = this.lines[line - 1] ?? ''
    const label = task.label
    const id = this.ids.claim(makeId('step', label, ...section.path), line, `step "${label}"`)
    const step: Step = { id, text: label, line, checked: task.checked, subLines: [], commands: [] }
    section.steps.push(step)
    section.blocks.push({ kind: 'step', stepId: id })

    const fences = fencesIn(item)
    const inFence = new Set<number>()
    for (const f of fences) {
      for (let l = this.start(f); l <= this.end(f); l++) inFence.add(l)
    }
    // Continuation lines are indented to the item's content (marker plus its spaces).
    const marker = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*/.exec(raw)?.[0] ?? ''
    const contentIndent = indentOf(marker.replace(/\S/g, ' '))
    for (let l = line + 1; l <= this.end(item); l++) {
      const sub = this.lines[l - 1] ?? ''
      if (inFence.has(l) || sub.trim() === '') continue
      step.subLines.push(dedent(sub, contentIndent))
    }
    for (const f of fences) this.addCommand(f, step)
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

  private addCommand(fence: Block, step: Step | null): void {
    const section = this.currentSection()
    const line = this.start(fence)
    if (!fenceIsClosed(fence, this.bodyLines)) {
      this.warnings.push({
        code: 'unclosed_fence',
        line,
        message: `Line ${line}: code block opened here is never closed; it runs to the end of the file or list item.`,
      })
    }
    const info = (fence.info ?? '').trim()
    const value = fence.content ?? ''
    const { language } = parseInfoString(info)
    const transcript = readTranscript(language, value)
    const before = this.warnings.length
    // A bare prompted block is read as a console block; its language stays as written ('').
    const asConsole = transcript && language === '' ? `console ${info}` : info
    const command: Command = buildCommand(
      { info: asConsole, code: transcript ? transcript.code : value, line },
      { section, step: step ?? undefined, meta: this.meta, ids: this.ids, warnings: this.warnings },
    )
    if (transcript) {
      command.language = language
      command.transcript = transcript.lines.map((l) => ({
        role: l.role,
        text: l.text,
        line: line + 1 + l.index,
        ...(l.prompt ? { prompt: l.prompt } : {}),
      }))
      // Parameters were found in the commands alone: point them back at their file lines.
      for (const p of command.parameters) {
        p.line = line + 1 + (transcript.codeIndex[p.line - line - 1] ?? 0)
      }
      // A transcript with output only is a document, not an empty command.
      if (transcript.code.trim() === '' && value.trim() !== '') {
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

/** Fenced blocks at any depth inside a block, in file order. */
function fencesIn(block: Block): Block[] {
  if (block.type === 'fence') return [block]
  return block.children.flatMap(fencesIn)
}
