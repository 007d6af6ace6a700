// Secrets given as command-line options (`mysql -pX`, `sshpass -p X`, `curl -u user:pw`,
// `redis-cli -a pw`). A regular expression needs "the command name, then anything on the line,
// then the option", and every occurrence of the name restarts that scan to the end of the line:
// 1 MB of `mysql ` took 4.4 s. This reads each line once instead: a small shell-word lexer
// (quotes, backslashes, separators) that remembers which known command the words belong to.
// A command word anywhere on a line counts (transcripts carry the prompt before it), so
// `echo mysql -pX` is masked too: over-masking is the safe mistake.

/** How a command takes its secret: the value itself, or `user:password` (mask after the colon). */
type ValueShape = 'value' | 'userpass'

interface CommandSpec {
  /** Short options whose value is a secret (attached `-pX` or the next word `-p X`). */
  secretShort: Readonly<Record<string, ValueShape>>
  /** Long options whose value is a secret (`--user=u:p` or `--user u:p`). */
  secretLong: Readonly<Record<string, ValueShape>>
  /** Short options that take a value that is not secret: the rest of the cluster is that value. */
  valueShort: string
}

const mysqlLike: CommandSpec = {
  secretShort: { p: 'value' },
  secretLong: { '--password': 'value' },
  valueShort: 'hHuPDeSOo',
}

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  mysql: mysqlLike,
  mysqladmin: mysqlLike,
  mysqldump: mysqlLike,
  mysqlcheck: mysqlLike,
  mysqlimport: mysqlLike,
  mysqlshow: mysqlLike,
  mariadb: mysqlLike,
  'mariadb-dump': mysqlLike,
  'mariadb-admin': mysqlLike,
  sshpass: { secretShort: { p: 'value' }, secretLong: {}, valueShort: 'fde' },
  curl: {
    secretShort: { u: 'userpass', U: 'userpass' },
    secretLong: {
      '--user': 'userpass',
      '--proxy-user': 'userpass',
      '--pass': 'value',
      '--oauth2-bearer': 'value',
    },
    valueShort: 'HdFoOXxeArbcTKEmQwyYzCi',
  },
  wget: {
    secretShort: {},
    secretLong: {
      '--password': 'value',
      '--http-password': 'value',
      '--ftp-password': 'value',
      '--proxy-password': 'value',
    },
    valueShort: 'OoaeiPUTtwlADIQ',
  },
  'redis-cli': {
    secretShort: { a: 'value' },
    secretLong: { '--pass': 'value' },
    valueShort: 'hpsnu',
  },
}

interface Word {
  start: number
  end: number
  /**
   * The word with quotes and backslashes removed (for recognising names and options), at most
   * MAX_TEXT characters: no command name or option is longer, and copying a 1 MB word character
   * by character was most of this scanner's time on adversarial input.
   */
  text: string
}

const MAX_TEXT = 256
/** A run with no quote, backslash, space or separator: skipped in one native step. */
const PLAIN = /[^ \t\r\n;|&"'\\]+/y

/**
 * Splits text into shell words, handing each to `onWord`; a separator (`; | & newline`) is
 * handed over as `null`. A callback, not a generator: half a million one-letter words cost a
 * generator step each, which was most of the time on such input.
 */
function scanWords(text: string, onWord: (w: Word | null) => void): void {
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    // space, tab, CR
    if (c === 32 || c === 9 || c === 13) {
      i++
      continue
    }
    // \n ; | &  end the command
    if (c === 10 || c === 59 || c === 124 || c === 38) {
      i++
      onWord(null)
      continue
    }
    const start = i
    let out = ''
    while (i < n) {
      PLAIN.lastIndex = i
      const plain = PLAIN.exec(text)
      if (plain) {
        if (out.length < MAX_TEXT) out += plain[0].slice(0, MAX_TEXT - out.length)
        i += plain[0].length
        continue
      }
      const d = text[i] as string
      if (
        d === ' ' ||
        d === '\t' ||
        d === '\r' ||
        d === '\n' ||
        d === ';' ||
        d === '|' ||
        d === '&'
      )
        break
      if (d === '"' || d === "'") {
        // A quoted part runs to its closing quote on the same line (an unclosed one to the line's end).
        i++
        while (i < n && text[i] !== d && text[i] !== '\n') {
          if (d === '"' && text[i] === '\\' && i + 1 < n && text[i + 1] !== '\n') i++
          if (out.length < MAX_TEXT) out += text[i]
          i++
        }
        if (text[i] === d) i++
        continue
      }
      if (d === '\\' && i + 1 < n && text[i + 1] !== '\n') {
        if (out.length < MAX_TEXT) out += text[i + 1]
        i += 2
        continue
      }
      if (out.length < MAX_TEXT) out += d
      i++
    }
    onWord({ start, end: i, text: out })
  }
}

/** Every command above contains one of these: text without them has nothing to find. */
const MENTIONS = /mysql|mariadb|sshpass|curl|wget|redis-cli/

const basename = (w: string): string => w.slice(w.lastIndexOf('/') + 1)

/** Where `shape` puts the secret inside the raw span [start, end) of `text`. */
function secretSpan(
  text: string,
  start: number,
  end: number,
  shape: ValueShape,
): [number, number] | null {
  if (end <= start) return null
  if (shape === 'value') return [start, end]
  // user:password: without a colon curl asks for the password, so there is nothing to mask.
  // Searched within the word only: searching on to the text's end made `curl -u ` repeated quadratic.
  const at = text.slice(start, end).indexOf(':')
  if (at < 0 || start + at >= end - 1) return null
  const colon = start + at
  return [colon + 1, end]
}

/** Spans of option values that are secrets, in order. Linear in the text's length. */
export function findCommandSecrets(text: string): [number, number][] {
  const found: [number, number][] = []
  let spec: CommandSpec | null = null
  /** The next word is the secret value of the previous option. */
  let pending: ValueShape | null = null
  /** The next word is a non-secret option value (so `-h -pX` is not misread). */
  let skipNext = false
  // Most text names none of the commands: nothing to lex.
  if (!MENTIONS.test(text)) return found
  scanWords(text, (w) => {
    if (w === null) {
      spec = null
      pending = null
      skipNext = false
      return
    }
    // Object.hasOwn: a word like `constructor` or `__proto__` is not a command.
    const name = w.text.includes('/') ? basename(w.text) : w.text
    const known = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    // `mysql -p -h db` asks for the password: an option after a bare -p is not its value.
    if (pending && !(w.text.startsWith('-') && w.text.length > 1)) {
      const s = secretSpan(text, w.start, w.end, pending)
      if (s) found.push(s)
      pending = null
      return
    }
    pending = null
    if (skipNext) {
      skipNext = false
      return
    }
    if (known) {
      spec = known
      return
    }
    if (!spec || !w.text.startsWith('-') || w.text === '-' || w.text === '--') return
    if (w.text.startsWith('--')) {
      const eq = w.text.indexOf('=')
      const name = eq < 0 ? w.text : w.text.slice(0, eq)
      const shape = spec.secretLong[name]
      if (!shape) return
      if (eq < 0) pending = shape
      else {
        // The raw '=' position: the option name has no quotes, so it is the first '=' in the word.
        const rawEq = text.indexOf('=', w.start)
        const s = secretSpan(text, rawEq + 1, w.end, shape)
        if (s) found.push(s)
      }
      return
    }
    // A cluster of short options: -sSu user:pw, -uroot -pX, -p"two words".
    const raw = text.slice(w.start, w.end)
    for (let k = 1; k < raw.length; k++) {
      const letter = raw[k] as string
      const shape = spec.secretShort[letter]
      if (shape) {
        if (k + 1 < raw.length) {
          const s = secretSpan(text, w.start + k + 1, w.end, shape)
          if (s) found.push(s)
        } else pending = shape
        break
      }
      if (spec.valueShort.includes(letter)) {
        if (k + 1 === raw.length) skipNext = true
        break
      }
    }
  })
  return found
}
