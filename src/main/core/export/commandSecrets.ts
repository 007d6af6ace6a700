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

/** What a short option letter is to a command, by char code (see compiled). */
const SHORT_PLAIN = 0
const SHORT_TAKES_VALUE = 1
const SHORT_SECRET = 2
const SHORT_SECRET_USERPASS = 3

/** A command as the lexer reads it: its short options as a table indexed by char code. */
interface Command {
  short: Uint8Array
  secretLong: CommandSpec['secretLong']
}

/**
 * The short options as a 128-entry table: looking a letter up in an object or a string, once per
 * letter of every option cluster, was the scanner's largest cost on `mysql -mysql -mysql …`.
 */
function compiled(spec: CommandSpec): Command {
  const short = new Uint8Array(128)
  for (const letter of spec.valueShort) short[letter.charCodeAt(0)] = SHORT_TAKES_VALUE
  for (const [letter, shape] of Object.entries(spec.secretShort))
    short[letter.charCodeAt(0)] = shape === 'value' ? SHORT_SECRET : SHORT_SECRET_USERPASS
  return { short, secretLong: spec.secretLong }
}

const mysqlLike: CommandSpec = {
  secretShort: { p: 'value' },
  secretLong: { '--password': 'value' },
  valueShort: 'hHuPDeSOo',
}

/**
 * Looked up in a Map: a word is a fresh string, and a keyed lookup on an object interns it first,
 * which was the scanner's largest cost on text dense with commands. A Map also has no prototype
 * for `constructor` or `__proto__` to resolve to.
 */
const COMMANDS: ReadonlyMap<string, Command> = new Map(
  Object.entries<CommandSpec>({
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
  }).map(([name, spec]) => [name, compiled(spec)]),
)

/** No command name is shorter: most words (options, values, `:`) need no lookup at all. */
const SHORTEST_NAME = Math.min(...[...COMMANDS.keys()].map((k) => k.length))

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

const SPACE = 32
const TAB = 9
const CR = 13
const LF = 10
const SEMICOLON = 59
const PIPE = 124
const AMPERSAND = 38
const DOUBLE_QUOTE = 34
const SINGLE_QUOTE = 39
const BACKSLASH = 92
const DASH = 45

/** `; | & newline`: the end of a command. */
const endsCommand = (c: number): boolean =>
  c === LF || c === SEMICOLON || c === PIPE || c === AMPERSAND

/** `out` with the plain run [from, to) of `text` added, up to MAX_TEXT characters in all. */
const withPlain = (text: string, out: string, from: number, to: number): string =>
  to > from && out.length < MAX_TEXT
    ? out + text.slice(from, Math.min(to, from + MAX_TEXT - out.length))
    : out

/** A word that is one plain run. */
const plainWord = (text: string, from: number, to: number): string =>
  text.slice(from, Math.min(to, from + MAX_TEXT))

/**
 * Splits text into shell words, handing each to `onWord`; a separator (`; | & newline`) is
 * handed over as `null`. A callback, not a generator: half a million one-letter words cost a
 * generator step each, which was most of the time on such input. Plain runs (no quote,
 * backslash, blank or separator) are read by char code and copied with one slice: a sticky
 * regular expression per run allocated a match for every word, which on 1 MB of `curl -u : `
 * (300 000 words) came to 95 ms.
 */
function scanWords(text: string, onWord: (w: Word | null) => void): void {
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === SPACE || c === TAB || c === CR) {
      i++
      continue
    }
    if (endsCommand(c)) {
      i++
      onWord(null)
      continue
    }
    const start = i
    let out = ''
    /** Where the plain run not yet copied into `out` starts. */
    let plain = i
    while (i < n) {
      const d = text.charCodeAt(i)
      if (d === SPACE || d === TAB || d === CR || endsCommand(d)) break
      if (d === DOUBLE_QUOTE || d === SINGLE_QUOTE) {
        out = withPlain(text, out, plain, i)
        // A quoted part runs to its closing quote on the same line (an unclosed one to the line's end).
        i++
        while (i < n) {
          const q = text.charCodeAt(i)
          if (q === d || q === LF) break
          if (d === DOUBLE_QUOTE && q === BACKSLASH && i + 1 < n && text.charCodeAt(i + 1) !== LF)
            i++
          if (out.length < MAX_TEXT) out += text[i]
          i++
        }
        if (i < n && text.charCodeAt(i) === d) i++
        plain = i
        continue
      }
      if (d === BACKSLASH && i + 1 < n && text.charCodeAt(i + 1) !== LF) {
        out = withPlain(text, out, plain, i)
        if (out.length < MAX_TEXT) out += text[i + 1]
        i += 2
        plain = i
        continue
      }
      i++
    }
    onWord({
      start,
      end: i,
      text: plain === start ? plainWord(text, start, i) : withPlain(text, out, plain, i),
    })
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
  let command: Command | null = null
  /** The next word is the secret value of the previous option. */
  let pending: ValueShape | null = null
  /** The next word is a non-secret option value (so `-h -pX` is not misread). */
  let skipNext = false
  const secret = (start: number, end: number, shape: ValueShape): void => {
    const s = secretSpan(text, start, end, shape)
    if (s) found.push(s)
  }
  // Most text names none of the commands: nothing to lex.
  if (!MENTIONS.test(text)) return found
  scanWords(text, (w) => {
    if (w === null) {
      command = null
      pending = null
      skipNext = false
      return
    }
    const option = w.text.charCodeAt(0) === DASH
    // `mysql -p -h db` asks for the password: an option after a bare -p is not its value.
    if (pending && !(option && w.text.length > 1)) {
      secret(w.start, w.end, pending)
      pending = null
      return
    }
    pending = null
    if (skipNext) {
      skipNext = false
      return
    }
    // No command name starts with a dash or is shorter than SHORTEST_NAME, so most words need no
    // lookup. An option word can still end in a command's path (`-x/usr/bin/mysql` is read as
    // mysql: over-masking is the safe mistake); basename of a word without '/' is the word.
    const named =
      w.text.length >= SHORTEST_NAME && (!option || w.text.includes('/'))
        ? COMMANDS.get(basename(w.text))
        : undefined
    if (named) {
      command = named
      return
    }
    if (!option || !command || w.text === '-' || w.text === '--') return
    if (w.text.charCodeAt(1) === DASH) {
      const eq = w.text.indexOf('=')
      const name = eq < 0 ? w.text : w.text.slice(0, eq)
      const shape = Object.hasOwn(command.secretLong, name) ? command.secretLong[name] : undefined
      if (!shape) return
      if (eq < 0) pending = shape
      // The raw '=' position: the option name has no quotes, so it is the first '=' in the word.
      else secret(text.indexOf('=', w.start) + 1, w.end, shape)
      return
    }
    // A cluster of short options: -sSu user:pw, -uroot -pX, -p"two words".
    for (let k = w.start + 1; k < w.end; k++) {
      const code = text.charCodeAt(k)
      const kind = code < 128 ? (command.short[code] as number) : SHORT_PLAIN
      if (kind === SHORT_SECRET || kind === SHORT_SECRET_USERPASS) {
        const shape = kind === SHORT_SECRET ? 'value' : 'userpass'
        if (k + 1 < w.end) secret(k + 1, w.end, shape)
        else pending = shape
        break
      }
      if (kind === SHORT_TAKES_VALUE) {
        if (k + 1 === w.end) skipNext = true
        break
      }
    }
  })
  return found
}
