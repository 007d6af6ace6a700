// Blocks written as a terminal session rather than a script: `$ kubectl get pods` followed by
// what kubectl printed. People paste these into runbooks all the time; running them as written
// would run `$` as a command and every output line after it. Here the prompts are taken off the
// commands, and the lines that follow a command up to the next prompt are output: shown with
// the block, never run.
//
// The rule, the same for every tool name:
// - `console`, `shell-session` and `sh-session` blocks are transcripts;
// - a shell block (`bash`, `sh`, `shell`, `zsh`) or a bare fence with at least one line that
//   starts with `$ ` or `% ` (zsh, csh) is a transcript;
// - in a transcript, a `$ ` or `% ` line is a command; a `# ` line is a root prompt when output
//   follows it on the next line, or after a prompted command that opened a root shell
//   (`sudo -i`, `sudo -s`, `sudo su`, `su -`…) until `exit`; any other `# ` line reads as a
//   comment, which is shown, not run;
// - a command ending in `\` continues on the next line, and a heredoc (`<<EOF`) takes its body
//   up to the delimiter; a leading `> ` (bash's continuation prompt) is removed from both.
// A bare fence that is not a transcript is shown only (see codeBlock.ts).

export const TRANSCRIPT_LANGUAGES: ReadonlySet<string> = new Set([
  'console',
  'shell-session',
  'sh-session',
])

export const SHELL_LANGUAGES: ReadonlySet<string> = new Set(['bash', 'sh', 'shell', 'zsh'])

export interface TranscriptLine {
  /** `command` lines run (prompt removed); `output` lines are shown only. */
  role: 'command' | 'output'
  text: string
  /** 0-based index of the line in the block's body. */
  index: number
  /** The prompt the command was written after (`$`, `%`, `#`); absent on continuations. */
  prompt?: string
}

export interface Transcript {
  lines: TranscriptLine[]
  /** The commands alone, one script, prompts removed: what a run sends. */
  code: string
  /** For each line of `code`, its 0-based index in the block's body. */
  codeIndex: number[]
}

const userPrompt = (line: string): boolean => /^[ \t]*[$%][ \t]/.test(line)
const rootPrompt = (line: string): boolean => /^[ \t]*#[ \t]/.test(line)
const withoutPrompt = (line: string): string => line.replace(/^[ \t]*[$%#][ \t]?/, '')
/** `sudo -i`, `sudo -s`, `sudo su`, `sudo bash`, `su`, `su -`, `su - root`: a root shell. */
const ROOT_SHELL =
  /^(?:sudo\s+(?:-[is]\b|su\b|bash\s*$|-u\s+root\s+-[is]\b)|su(?:\s+-)?(?:\s+root)?\s*$)/
const LEAVE_SHELL = /^(?:exit|logout)\b/
const withoutPs2 = (line: string): string => line.replace(/^> ?/, '')

export function isTranscript(language: string, code: string): boolean {
  if (TRANSCRIPT_LANGUAGES.has(language)) return true
  if (language !== '' && !SHELL_LANGUAGES.has(language)) return false
  return code.split('\n').some(userPrompt)
}

/** The transcript reading of a block, or null when the block is a plain script. */
export function readTranscript(language: string, code: string): Transcript | null {
  if (!isTranscript(language, code)) return null
  const body = code.split('\n')
  const lines: TranscriptLine[] = []
  const script: string[] = []
  const codeIndex: number[] = []
  const command = (text: string, index: number, prompt?: string): void => {
    lines.push(prompt ? { role: 'command', text, index, prompt } : { role: 'command', text, index })
    script.push(text)
    codeIndex.push(index)
  }
  let rootShell = false
  for (let i = 0; i < body.length; i++) {
    const line = body[i] ?? ''
    if (!(isPromptAt(body, i) || (rootShell && rootPrompt(line)))) {
      lines.push({ role: 'output', text: line, index: i })
      continue
    }
    let text = withoutPrompt(line)
    if (ROOT_SHELL.test(text.trim())) rootShell = true
    else if (rootPrompt(line) && LEAVE_SHELL.test(text.trim())) rootShell = false
    command(text, i, line.trim()[0])
    const delimiters = heredocDelimiters(text)
    while (endsWithContinuation(text) && i + 1 < body.length) {
      text = withoutPs2(body[++i] ?? '')
      command(text, i)
      delimiters.push(...heredocDelimiters(text))
    }
    for (const { word, tabs } of delimiters) {
      while (i + 1 < body.length) {
        const next = withoutPs2(body[++i] ?? '')
        command(next, i)
        if ((tabs ? next.replace(/^\t+/, '') : next) === word) break
      }
    }
  }
  return { lines, code: script.join('\n'), codeIndex }
}

function isPromptAt(body: string[], i: number): boolean {
  const line = body[i] ?? ''
  if (userPrompt(line)) return true
  if (!rootPrompt(line)) return false
  // `# ` is also how a comment starts: it is a root prompt only when its output follows.
  const next = body[i + 1]
  return next !== undefined && next.trim() !== '' && !userPrompt(next) && !rootPrompt(next)
}

function endsWithContinuation(text: string): boolean {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0
  return trailing % 2 === 1
}

/**
 * Heredoc delimiters opened on a command line (`<<EOF`, `<<-'SQL'`, `<< "END"`), in order. Only
 * used to keep a heredoc body with its command in a transcript; `<<<` (a here-string) opens none.
 */
function heredocDelimiters(text: string): { word: string; tabs: boolean }[] {
  const out: { word: string; tabs: boolean }[] = []
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"') i++
      continue
    }
    if (c === '\\') {
      i++
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      continue
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) break
    if (c !== '<' || text[i + 1] !== '<') continue
    if (text[i + 2] === '<') {
      i += 2
      continue
    }
    let j = i + 2
    const tabs = text[j] === '-'
    if (tabs) j++
    while (text[j] === ' ' || text[j] === '\t') j++
    const m = /^(?:'([^']*)'|"([^"]*)"|\\?([\w.-]+))/.exec(text.slice(j))
    if (m) {
      out.push({ word: m[1] ?? m[2] ?? m[3] ?? '', tabs })
      i = j + m[0].length - 1
    }
  }
  return out
}
