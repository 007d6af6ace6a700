// What a fenced block is: its language, its attributes (`bash {name=x target=db confirm}`),
// and whether Sitrep may run it.
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

/**
 * An unlabeled block runs as shell only when a line starts with one of these: seeds use bare
 * fences for Slack messages and report templates, which must never be sent to a terminal.
 */
const KNOWN_COMMANDS = new Set(
  (
    'kubectl docker docker-compose systemctl service journalctl curl wget psql redis-cli sudo ' +
    'tail head cat grep ps df du free top htop netstat ss ls ping telnet dig nslookup ssh aws ' +
    'gh git kill pkill helm uptime vmstat iostat dmesg'
  ).split(' '),
)

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

export function commandKind(language: string, code: string): CommandKind | null {
  const known = KINDS[language]
  if (known) return known
  if (language !== '') return null
  const looksLikeShell = code.split('\n').some((line) => {
    const word = line.trim().split(/\s+/)[0] ?? ''
    return KNOWN_COMMANDS.has(word)
  })
  return looksLikeShell ? 'shell' : null
}
