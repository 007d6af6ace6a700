// What a fenced block is: its language, its attributes (`bash {name=x target=db confirm}`),
// and whether Sitrep may run it.
import { isTranscript, TRANSCRIPT_LANGUAGES } from './transcript'
import type { CommandAttributes, CommandKind } from './types'

const KINDS: Record<string, CommandKind> = {
  bash: 'shell',
  sh: 'shell',
  shell: 'shell',
  zsh: 'shell',
  sql: 'sql',
  psql: 'sql',
  postgresql: 'sql',
  pgsql: 'sql',
  promql: 'promql',
}

export interface InfoString {
  language: string
  attributes: CommandAttributes
}

export function parseInfoString(info: string): InfoString {
  const trimmed = info.trim()
  const braceAt = trimmed.indexOf('{')
  const head = (braceAt < 0 ? trimmed : trimmed.slice(0, braceAt)).trim()
  const language = (head.split(/\s+/)[0] ?? '').toLowerCase()
  const attributes: CommandAttributes = { confirm: false, extra: {} }
  const close = trimmed.lastIndexOf('}')
  if (braceAt < 0 || close < braceAt) return { language, attributes }
  const body = trimmed.slice(braceAt + 1, close)
  for (const m of body.matchAll(/([\w.-]+)(?:=("[^"]*"|'[^']*'|[^\s"']+))?/g)) {
    const key = m[1] ?? ''
    const raw = m[2]
    const value = raw === undefined ? true : raw.replace(/^(["'])(.*)\1$/, '$2')
    if (key === 'confirm') attributes.confirm = value === true || value === 'true'
    else if ((key === 'name' || key === 'target') && typeof value === 'string') {
      attributes[key] = value
    } else attributes.extra[key] = value
  }
  return { language, attributes }
}

/**
 * Shell, SQL and PromQL blocks by their language. A bare fence is shell only when it is a
 * prompted transcript (`$ cmd`): one rule whatever the tool, because seeds use bare fences for
 * Slack messages and report templates that must never reach a terminal (transcript.ts).
 */
export function commandKind(language: string, code: string): CommandKind | null {
  const known = KINDS[language]
  if (known) return known
  if (TRANSCRIPT_LANGUAGES.has(language)) return 'shell'
  if (language !== '') return null
  return isTranscript(language, code) ? 'shell' : null
}
