// The command as the responder will see it run, for the confirmation dialog: placeholders
// replaced by the values typed so far. Core fills (and shell-quotes) the real text itself.
import type { RunbookCommand } from '../../../../shared/contract'

function token(p: RunbookCommand['parameters'][number]): string {
  switch (p.syntax) {
    case 'angle':
      return `<${p.name}>`
    case 'mustache':
      return `{{${p.name}}}`
    case 'dollar':
      return `\${${p.name}}`
    case 'choice':
      return `[${(p.options ?? []).join('|')}]`
    default:
      return `[${p.name}]`
  }
}

export function previewCommand(command: RunbookCommand, values: Record<string, string>): string {
  let text = command.code
  for (const p of command.parameters) {
    const value = values[p.name]
    if (value) text = text.split(token(p)).join(value)
  }
  return text
}
