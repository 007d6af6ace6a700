// Reads a Markdown runbook as GitHub shows it: headings become the section tree, task items
// become checklist steps, fenced blocks become commands under the step or section they stand
// in. Total by design: a malformed file imports with warnings naming lines, never a crash.
import { buildCommand } from './command'
import { decodeRunbook } from './decode'
import { readFrontMatter } from './frontMatter'
import { IdRegistry, makeId, shortHash } from './ids'
import type { Runbook, RunbookMeta, RunbookWarning, Section, Step } from './types'

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/
const FENCE_OPEN = /^([ \t]*)(`{3,}|~{3,})(.*)$/
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/
const TASK = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\](?:[ \t]+(.*))?$/

interface OpenStep {
  step: Step
  indent: number
  contentIndent: number
}

interface OpenFence {
  char: string
  length: number
  indent: number
  line: number
  info: string
  body: string[]
  owner: OpenStep | null
}

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
  return new Reader(source, shortHash(text), meta, warnings).read(lines, bodyStart)
}

class Reader {
  private readonly roots: Section[] = []
  private readonly stack: Section[] = []
  private readonly ids: IdRegistry
  private section: Section | null = null
  private step: OpenStep | null = null
  private fence: OpenFence | null = null
  private prose: string[] = []
  private proseLine = 0
  private headings = 0

  constructor(
    private readonly source: string,
    private readonly digest: string,
    private readonly meta: RunbookMeta,
    private readonly warnings: RunbookWarning[],
  ) {
    this.ids = new IdRegistry(warnings)
  }

  read(lines: string[], start: number): Runbook {
    for (let i = start; i < lines.length; i++) this.line(lines[i] ?? '', i + 1)
    if (this.fence) {
      const f = this.fence
      this.warnings.push({
        code: 'unclosed_fence',
        line: f.line,
        message: `Line ${f.line}: code block opened here is never closed; it runs to the end of the file.`,
      })
      this.closeFence()
    }
    this.flushProse()
    if (this.headings === 0) {
      this.warnings.push({
        code: 'no_headings',
        line: 1,
        message: 'Line 1: the runbook has no headings; everything was put in one section.',
      })
      this.currentSection()
    }
    return {
      source: this.source,
      digest: this.digest,
      title: this.meta.title ?? this.firstTitle() ?? this.source,
      meta: this.meta,
      sections: this.roots,
      warnings: this.warnings.sort((a, b) => a.line - b.line),
    }
  }

  private firstTitle(): string | undefined {
    const titled = this.roots.filter((s) => s.level > 0 && s.title !== '')
    return (titled.find((s) => s.level === 1) ?? titled[0])?.title
  }

  private line(raw: string, lineNo: number): void {
    if (this.fence) {
      const close = FENCE_CLOSE.exec(raw)
      const f = this.fence
      if (close?.[1] && close[1][0] === f.char && close[1].length >= f.length) this.closeFence()
      else f.body.push(dedent(raw, f.indent))
      return
    }
    const open = FENCE_OPEN.exec(raw)
    if (open && !(open[2]?.startsWith('`') && open[3]?.includes('`'))) {
      this.flushProse()
      const indent = indentOf(raw)
      const owner = this.step && indent > this.step.indent ? this.step : null
      if (!owner) this.step = null
      const marker = open[2] ?? '```'
      this.fence = {
        char: marker[0] ?? '`',
        length: marker.length,
        indent,
        line: lineNo,
        info: open[3] ?? '',
        body: [],
        owner,
      }
      return
    }
    const heading = HEADING.exec(raw)
    if (heading) {
      this.flushProse()
      this.step = null
      const title = (heading[2] ?? '')
        .replace(/[ \t]+#+[ \t]*$/, '')
        .replace(/^#+$/, '')
        .trim()
      this.openSection((heading[1] ?? '#').length, title, lineNo)
      return
    }
    const task = TASK.exec(raw)
    const indent = indentOf(raw)
    if (this.step && (raw.trim() === '' || indent > this.step.indent)) {
      if (raw.trim() !== '') this.step.step.subLines.push(dedent(raw, this.step.contentIndent))
      return
    }
    this.step = null
    if (task) {
      this.flushProse()
      this.openStep(task[3] ?? '', task[2] !== ' ', indent, raw, lineNo)
      return
    }
    if (this.prose.length === 0) this.proseLine = lineNo
    this.prose.push(raw)
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

  private openStep(
    text: string,
    checked: boolean,
    indent: number,
    raw: string,
    line: number,
  ): void {
    const section = this.currentSection()
    const label = text.trim()
    const id = this.ids.claim(makeId('step', label, ...section.path), line, `step "${label}"`)
    const step: Step = { id, text: label, line, checked, subLines: [], commands: [] }
    section.steps.push(step)
    section.blocks.push({ kind: 'step', stepId: id })
    const marker = /^[ \t]*\S+[ \t]+/.exec(raw)?.[0] ?? ''
    this.step = { step, indent, contentIndent: indentOf(marker.replace(/\S/g, ' ')) }
  }

  private flushProse(): void {
    const lines = this.prose
    this.prose = []
    while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop()
    let first = 0
    while (first < lines.length && lines[first]?.trim() === '') first++
    if (first >= lines.length) return
    this.currentSection().blocks.push({
      kind: 'markdown',
      text: lines.slice(first).join('\n'),
      line: this.proseLine + first,
    })
  }

  private closeFence(): void {
    const f = this.fence
    this.fence = null
    if (!f) return
    const section = this.currentSection()
    const command = buildCommand(
      { info: f.info, code: f.body.join('\n'), line: f.line },
      { section, step: f.owner?.step, meta: this.meta, ids: this.ids, warnings: this.warnings },
    )
    if (f.owner) f.owner.step.commands.push(command)
    else {
      section.commands.push(command)
      section.blocks.push({ kind: 'command', commandId: command.id })
    }
  }
}
