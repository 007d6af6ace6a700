// Sitrep's own reader of an OpenSSH client config: Host blocks with HostName, Port, User,
// IdentityFile, ProxyJump and ProxyCommand, applying OpenSSH's rule that the first value seen for an
// option wins (so `Host *` defaults at the end fill gaps). A line that cannot be understood is
// an error naming the file and line; the import then saves nothing. The import normally asks
// OpenSSH itself (sshConfigEval.ts); this reader is its fallback when no `ssh` is installed, and
// the line splitting and glob matcher below are shared with it.
import { homedir } from 'node:os'
import { SitrepError } from '../../errors'
import type { ImportedHost } from '../../targets/targets'

export type { ImportedHost }

export class SshConfigError extends SitrepError {
  constructor(
    readonly source: string,
    readonly line: number,
    problem: string,
  ) {
    super(
      'invalid_params',
      `${source}, line ${line}: ${problem}. Fix that line (or remove it) and import again.`,
    )
  }
}

interface Block {
  patterns: string[]
  /** Match blocks are not evaluated (they need the live environment); their options are ignored. */
  isMatch: boolean
  options: [key: string, value: string, line: number][]
}

const KNOWN = new Set(['hostname', 'port', 'user', 'identityfile', 'proxyjump', 'proxycommand'])

/** `Key value` or `Key=value`; null for blank lines and comments. */
export function splitConfigLine(raw: string): [string, string] | null {
  const line = raw.trim()
  if (!line || line.startsWith('#')) return null
  const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line)
  if (!m) return [line, '']
  return [m[1] as string, (m[2] as string).trim()]
}

/** Whitespace-separated words, a double-quoted word kept whole (Host and Include lines). */
export function splitWords(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

function unquote(value: string, source: string, line: number): string {
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2)
      throw new SshConfigError(source, line, 'unclosed quote')
    return value.slice(1, -1)
  }
  return value
}

/**
 * OpenSSH's glob (`*` any run, `?` one character), case-insensitive for host names (file names
 * from Include are matched case-sensitively). Greedy with one backtrack point, so it runs in
 * O(pattern × alias): a regular expression built from `a*a*a*…b` took seconds per alias
 * (catastrophic backtracking) and froze the import.
 */
export function globMatches(pattern: string, text: string, caseSensitive = false): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase()
  const t = caseSensitive ? text : text.toLowerCase()
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++
      ti++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = ti
    } else if (star >= 0) {
      pi = star + 1
      ti = ++mark
    } else return false
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}

function matchesHost(patterns: string[], alias: string): boolean {
  let matched = false
  for (const p of patterns) {
    const negated = p.startsWith('!')
    if (globMatches(negated ? p.slice(1) : p, alias)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

function expandTilde(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path
}

export function parseSshConfig(
  text: string,
  source = '~/.ssh/config',
): { hosts: ImportedHost[]; warnings: string[] } {
  const warnings: string[] = []
  const blocks: Block[] = [{ patterns: ['*'], isMatch: false, options: [] }]
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1
    const parts = splitConfigLine(raw)
    if (!parts) return
    const [key, rawValue] = parts
    const k = key.toLowerCase()
    if (!rawValue) throw new SshConfigError(source, lineNo, `"${key}" has no value`)
    if (k === 'host') {
      blocks.push({
        patterns: rawValue.split(/\s+/).map((p) => unquote(p, source, lineNo)),
        isMatch: false,
        options: [],
      })
      return
    }
    if (k === 'match') {
      warnings.push(`${source}:${lineNo}: Match blocks are not imported`)
      blocks.push({ patterns: [], isMatch: true, options: [] })
      return
    }
    if (k === 'include') {
      warnings.push(`${source}:${lineNo}: Include is not followed; import that file separately`)
      return
    }
    const value = unquote(rawValue, source, lineNo)
    if (k === 'port' && !/^\d{1,5}$/.test(value))
      throw new SshConfigError(source, lineNo, `Port "${value}" is not a number`)
    if (k === 'port' && (Number(value) < 1 || Number(value) > 65535)) {
      throw new SshConfigError(source, lineNo, `Port ${value} is out of range (1-65535)`)
    }
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key))
      throw new SshConfigError(source, lineNo, `"${key}" is not an ssh option`)
    if (KNOWN.has(k)) (blocks[blocks.length - 1] as Block).options.push([k, value, lineNo])
  })

  const aliases = new Set<string>()
  for (const b of blocks) {
    if (b.isMatch) continue
    for (const p of b.patterns) if (!/[*?!]/.test(p)) aliases.add(p)
  }
  const hosts: ImportedHost[] = []
  for (const alias of aliases) {
    const first = new Map<string, string>()
    const identityFiles: string[] = []
    for (const b of blocks) {
      if (b.isMatch || !matchesHost(b.patterns, alias)) continue
      for (const [k, v] of b.options) {
        // IdentityFile accumulates; every other option keeps its first value (OpenSSH's rule).
        if (k === 'identityfile') identityFiles.push(expandTilde(v))
        else if (!first.has(k)) first.set(k, v)
        // ProxyJump and ProxyCommand compete: whichever comes first is the route.
        if ((k === 'proxyjump' || k === 'proxycommand') && !first.has('route'))
          first.set('route', k)
      }
    }
    const route = first.get('route')
    const jump = route === 'proxyjump' ? first.get('proxyjump') : undefined
    const command = route === 'proxycommand' ? first.get('proxycommand') : undefined
    hosts.push({
      alias,
      hostName: (first.get('hostname') ?? alias).replace(/%h/g, alias),
      port: Number(first.get('port') ?? 22),
      user: first.get('user') ?? null,
      identityFiles,
      proxyJump: jump && jump.toLowerCase() !== 'none' ? jump.split(',').map((s) => s.trim()) : [],
      proxyCommand: command && command.toLowerCase() !== 'none' ? command : null,
    })
  }
  return { hosts, warnings }
}
