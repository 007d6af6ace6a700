// A small shell reader: enough of bash's quoting to tell the command a line runs from the words
// it passes (`echo "restart"` runs echo) and to know whether a placeholder sits inside quotes.
// Not a full parser: heredocs, arithmetic and nested $( ) inside quotes are read as plain text.

export interface Word {
  text: string
  quoted: boolean
}

/** One simple command: the words between operators (; && || | newline $( ) ` ). */
export type SimpleCommand = Word[]

export interface ShellReading {
  commands: SimpleCommand[]
  /** The text with comments dropped and quoted content blanked, for redirection checks. */
  bare: string
}

export function readShell(text: string): ShellReading {
  const commands: SimpleCommand[] = []
  let current: SimpleCommand = []
  let word = ''
  let inWord = false
  let quoted = false
  let bare = ''
  const endWord = (): void => {
    if (inWord) current.push({ text: word, quoted })
    word = ''
    inWord = false
    quoted = false
  }
  const endCommand = (): void => {
    endWord()
    if (current.length > 0) commands.push(current)
    current = []
  }
  let i = 0
  while (i < text.length) {
    const c = text[i] ?? ''
    if (c === '\\') {
      const next = text[i + 1] ?? ''
      if (next === '\n') bare += ' '
      else {
        word += next
        inWord = true
        bare += '  '
      }
      i += 2
      continue
    }
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i)
      const inner = text.slice(i + 1, end)
      word += c === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner
      inWord = true
      quoted = true
      bare += c + inner.replace(/[^\n]/g, ' ') + c
      i = end + 1
      continue
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    bare += c
    if (c === ' ' || c === '\t') endWord()
    else if ('\n;&|()`'.includes(c)) endCommand()
    else if (c === '$' && text[i + 1] === '(') {
      endCommand()
      bare += '('
      i++
    } else {
      word += c
      inWord = true
    }
    i++
  }
  endCommand()
  return { commands, bare }
}

/** Index of the quote closing the one at `start` (or the end of text when it never closes). */
function closingQuote(text: string, start: number): number {
  const q = text[start]
  for (let i = start + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') {
      i++
      continue
    }
    if (text[i] === q) return i
  }
  return text.length
}

export type QuoteContext = 'none' | 'single' | 'double'

/** The quoting in force at `offset`, so a filled-in value can be escaped for where it lands. */
export function quoteContextAt(text: string, offset: number): QuoteContext {
  let i = 0
  while (i < offset && i < text.length) {
    const c = text[i]
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i)
      if (offset < end) return c === "'" ? 'single' : 'double'
      i = end + 1
      continue
    }
    i++
  }
  return 'none'
}
