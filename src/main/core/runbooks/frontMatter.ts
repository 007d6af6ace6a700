// Optional front matter at the very top, YAML (--- … ---) or TOML (+++ … +++, Hugo's default):
// read leniently, every problem a warning with its file line, so a typo never blocks an import
// in the middle of an incident.
import { parse as parseToml, TomlError } from 'smol-toml'
import { parseDocument } from 'yaml'
import type { EscalationRule, RunbookMeta, RunbookWarning } from './types'

const KNOWN_KEYS = new Set([
  'title',
  'id',
  'version',
  'lang',
  'severities',
  'defaultTargets',
  'timeBoxes',
  'escalation',
  'parameters',
])

/**
 * Keys that static site generators (Hugo, Hugo Book, Jekyll, Docusaurus, MkDocs) put in the
 * front matter of the same files. They mean nothing to a responder and are not mistakes: they
 * are skipped without a warning. `title` is read (see KNOWN_KEYS).
 */
const SITE_GENERATOR_KEYS = new Set([
  'weight',
  'aliases',
  'draft',
  'tags',
  'categories',
  'menu',
  'toc',
  'description',
  'summary',
  'date',
  'lastmod',
  'slug',
  'linkTitle',
  'layout',
  'type',
  'keywords',
  'author',
  'authors',
  'sidebar_position',
  'sidebar_label',
  'nav_order',
  'parent',
  'has_children',
  'permalink',
  'hide',
])

/** Hugo Book's page settings: bookToc, bookCollapseSection, bookFlatSection, bookHidden, … */
const isSiteGeneratorKey = (key: string): boolean =>
  SITE_GENERATOR_KEYS.has(key) || /^book[A-Z]/.test(key)

export function emptyMeta(): RunbookMeta {
  return {
    severities: [],
    defaultTargets: [],
    timeBoxes: {},
    escalation: [],
    parameters: [],
  }
}

export interface FrontMatterResult {
  meta: RunbookMeta
  /** Index of the first Markdown line after the front matter (0 when there is none). */
  bodyStart: number
}

const YAML_OPEN = /^---[ \t]*$/
const YAML_END = /^(---|\.\.\.)[ \t]*$/
const TOML_FENCE = /^\+\+\+[ \t]*$/

export function readFrontMatter(lines: string[], warnings: RunbookWarning[]): FrontMatterResult {
  const meta = emptyMeta()
  const first = lines[0] ?? ''
  const toml = TOML_FENCE.test(first)
  if (!toml && !YAML_OPEN.test(first)) return { meta, bodyStart: 0 }
  const end = lines.findIndex((l, i) => i > 0 && (toml ? TOML_FENCE : YAML_END).test(l))
  if (end < 0) {
    // Without a closing line we cannot tell front matter from Markdown: read it all as Markdown.
    warnings.push({
      code: 'front_matter',
      line: 1,
      message: `Line 1: front matter opens with ${toml ? '+++' : '---'} but is never closed; it was read as Markdown.`,
    })
    return { meta, bodyStart: 0 }
  }
  const block = lines.slice(1, end)
  const data = toml ? readToml(block, warnings) : readYaml(block, warnings)
  if (data === null || data === undefined) return { meta, bodyStart: end + 1 }
  if (typeof data !== 'object' || Array.isArray(data)) {
    warnings.push(fmWarning(2, 'front matter must be a mapping of keys to values; it was ignored'))
    return { meta, bodyStart: end + 1 }
  }
  const lineOf = (key: string): number => {
    const i = block.findIndex((l) =>
      toml ? new RegExp(`^\\s*"?${escapeRe(key)}"?\\s*=`).test(l) : l.startsWith(`${key}:`),
    )
    return i < 0 ? 2 : i + 2
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const line = lineOf(key)
    if (isSiteGeneratorKey(key)) continue
    if (!KNOWN_KEYS.has(key)) {
      warnings.push({
        code: 'front_matter_unknown_key',
        line,
        message: `Line ${line}: front matter key "${key}" is not known to Sitrep and was ignored.`,
      })
      continue
    }
    const bad = applyKey(meta, key, value)
    if (bad) warnings.push(fmWarning(line, `"${key}" ${bad}; it was ignored`))
  }
  return { meta, bodyStart: end + 1 }
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The YAML block's value, or undefined (with warnings naming file lines) when it is broken. */
function readYaml(block: string[], warnings: RunbookWarning[]): unknown {
  const doc = parseDocument(block.join('\n'), { prettyErrors: true })
  if (doc.errors.length === 0) return doc.toJS()
  for (const err of doc.errors) {
    warnings.push(invalidFrontMatter('YAML', (err.linePos?.[0]?.line ?? 1) + 1, err.message))
  }
  return undefined
}

/** A parser's complaint (its first line) as the warning a responder reads. */
function invalidFrontMatter(format: 'YAML' | 'TOML', line: number, why: string): RunbookWarning {
  const first = why.split('\n')[0] ?? why
  return {
    code: 'front_matter',
    line,
    message: `Line ${line}: front matter is not valid ${format} (${first}); it was ignored.`,
  }
}

function readToml(block: string[], warnings: RunbookWarning[]): unknown {
  try {
    return parseToml(block.join('\n'))
  } catch (err) {
    if (!(err instanceof TomlError)) throw err
    warnings.push(invalidFrontMatter('TOML', (err.line || 1) + 1, err.message))
    return undefined
  }
}

function fmWarning(line: number, text: string): RunbookWarning {
  return { code: 'front_matter', line, message: `Line ${line}: ${text}.` }
}

const scalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number'

function stringList(v: unknown): string[] | null {
  if (scalar(v)) return [String(v)]
  if (Array.isArray(v) && v.every(scalar)) return v.map(String)
  return null
}

/** Returns what is wrong with the value, or null when it was taken. */
function applyKey(meta: RunbookMeta, key: string, value: unknown): string | null {
  switch (key) {
    case 'title':
    case 'id':
    case 'version':
      if (!scalar(value)) return 'must be text'
      meta[key] = String(value)
      return null
    case 'lang': {
      // Built-ins come in English and Japanese; the library lists them per language.
      const lang = scalar(value) ? String(value).toLowerCase() : ''
      if (lang !== 'en' && lang !== 'ja') return 'must be en or ja'
      meta.lang = lang
      return null
    }
    case 'severities':
    case 'defaultTargets':
    case 'parameters': {
      const list = key === 'parameters' ? parameterNames(value) : stringList(value)
      if (!list) return 'must be a list of names'
      meta[key] = list
      if (key === 'parameters') {
        const flags = allowFlagNames(value)
        if (flags.length > 0) meta.allowFlag = flags
      }
      return null
    }
    case 'timeBoxes': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return 'must map phase titles to durations'
      }
      const entries = Object.entries(value as Record<string, unknown>)
      if (!entries.every(([, v]) => scalar(v))) return 'must map phase titles to durations'
      meta.timeBoxes = Object.fromEntries(entries.map(([k, v]) => [k, String(v)]))
      return null
    }
    case 'escalation': {
      const rules = Array.isArray(value) ? value.map(escalationRule) : null
      if (!rules || rules.some((r) => r === null)) {
        return 'must be a list of rules, each with notify and optionally after/when'
      }
      meta.escalation = rules as EscalationRule[]
      return null
    }
    default:
      return null
  }
}

function parameterNames(v: unknown): string[] | null {
  if (!Array.isArray(v)) return stringList(v)
  const names = v.map((p: unknown) =>
    scalar(p)
      ? String(p)
      : typeof p === 'object' && p !== null && scalar((p as { name?: unknown }).name)
        ? String((p as { name: string | number }).name)
        : null,
  )
  return names.every((n) => n !== null) ? (names as string[]) : null
}

/**
 * Parameters declared `{ name: ref, allow-flag: true }` (or `allowFlag`): their value may start
 * with `-`, which is otherwise refused where it would be read as an option.
 */
function allowFlagNames(v: unknown): string[] {
  if (!Array.isArray(v)) return []
  return v.flatMap((p: unknown) => {
    if (typeof p !== 'object' || p === null) return []
    const o = p as Record<string, unknown>
    return (o['allow-flag'] === true || o.allowFlag === true) && scalar(o.name)
      ? [String(o.name)]
      : []
  })
}

function escalationRule(v: unknown): EscalationRule | null {
  if (typeof v !== 'object' || v === null) return null
  const r = v as Record<string, unknown>
  if (!scalar(r.notify)) return null
  const rule: EscalationRule = { notify: String(r.notify) }
  if (scalar(r.after)) rule.after = String(r.after)
  if (scalar(r.when)) rule.when = String(r.when)
  return rule
}
