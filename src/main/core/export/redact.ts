// Redaction: what must never leave the app in an export. Built-in rules for the secret shapes
// responders paste and type (passwords on command lines, tokens, PEM private keys, URLs with
// credentials, AWS keys, Authorization headers), the team's own patterns, and every secret the
// app stores (target passwords, unsealed in memory only for matching). Each rule masks only the
// secret part of a match, so "PGPASSWORD=hunter2" stays readable as "PGPASSWORD=[REDACTED]".
import type { RedactionKind, RedactionPattern } from '../../../shared/contract'
import { InvalidParamsError } from '../errors'
import { findCommandSecrets } from './commandSecrets'
import { RE2JS } from 're2js'
import { JSON_ESCAPE, JSON_FORMS, MAX_ESCAPED, putJsonByte } from './jsonBytes'

export const MASK = '[REDACTED]'

/** A rule found by a regular expression; `group` holds the secret (0 masks the whole match). */
interface RegexRule {
  name: string
  kind: RedactionKind
  re: RegExp
  group: number
  /**
   * Words every match of the rule contains (compared ignoring ASCII case). A text holding none
   * of them cannot match, so the rule is not run on it (see Redactor.find). Without: always run.
   */
  triggers?: readonly string[]
}

/** A rule that is a scanner rather than a pattern (command-line options, team patterns). */
interface ScanRule {
  name: string
  kind: RedactionKind
  scan: (text: string) => Iterable<readonly [number, number]>
  /** As RegexRule.triggers. */
  triggers?: readonly string[]
}

export type Rule = RegexRule | ScanRule

// `d` gives capture offsets, so the mask covers exactly the secret group.
const rule = (
  name: string,
  kind: RedactionKind,
  source: string,
  triggers: readonly string[],
  group = 0,
  flags = 'gd',
): RegexRule => ({ name, kind, re: new RegExp(source, flags), group, triggers })

/**
 * A value after `=` or `:`: a double-quoted string (backslash escapes, to the closing quote or
 * the line's end), a single-quoted one, or a bare run to the next space. A bare value keeps `;`
 * and `&` (`password=ab;cd&ef` is one password): masking a little too much is the safe mistake.
 */
const VALUE = String.raw`("(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^\s"']+)`

// Every rule below is linear in the text: a repeated part either cannot overlap what follows it,
// or the rule can only start where a run of its first characters starts (a negative lookbehind
// of the same class), so no start position rescans text another start already read.
// test/unit/export/redactLinear.test.ts times each rule on 1 MB of adversarial text.
/** The built-in rules, most specific first (a PEM block before the passwords inside it). */
export const builtInRules: readonly Rule[] = [
  rule(
    'pem-private-key',
    'private-key',
    '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)',
    ['-----begin '],
  ),
  // A PEM block in base64 ("-----BEGIN" encodes as LS0tLS1CRUdJTi): Kubernetes secrets, tls.key.
  rule('base64-pem', 'private-key', '(?<![A-Za-z0-9+/])LS0tLS1CRUdJT[A-Za-z0-9+/=]*', [
    'ls0tls1crudjt',
  ]),
  // tls.key: <base64>, ssh-privatekey: <base64> in a Kubernetes Secret's data.
  rule(
    'k8s-key-data',
    'private-key',
    '(?<![\\w.-])[\\w.-]*(?:\\.key|privatekey|private-key|private_key)[ \\t]*:[ \\t]*([A-Za-z0-9+/]{16,}={0,2})',
    ['.key', 'privatekey', 'private-key', 'private_key'],
    1,
    'gdi',
  ),
  // scheme://user:password@host — postgres, mysql, mongodb, redis, amqp, http(s)...
  rule(
    'url-credentials',
    'connection-string',
    '(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@\'"]*:([^\\s@\'"/]+)@',
    ['://'],
    1,
  ),
  rule(
    'authorization-header',
    'bearer',
    '\\b(?:Authorization|Proxy-Authorization)[ \\t]*[:=][ \\t]*(?:Basic|Bearer|Token)?[ \\t]*([^\\s\'",;]+)',
    ['authorization'],
    1,
    'gdi',
  ),
  rule('bearer', 'bearer', '\\bBearer[ \\t]+([A-Za-z0-9._~+/=-]{8,})', ['bearer'], 1, 'gdi'),
  rule(
    'aws-access-key',
    'aws-access-key',
    '\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b',
    ['akia', 'asia', 'agpa', 'aida', 'aroa', 'anpa', 'anva', 'aipa'],
  ),
  rule(
    'aws-secret-key',
    'aws-secret-key',
    '\\b(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY|aws_secret_key|SecretAccessKey)["\']?[ \\t]*[:=][ \\t]*["\']?([A-Za-z0-9/+=]{40})',
    ['aws_secret_', 'secretaccesskey'],
    1,
  ),
  // Azure storage / service bus connection strings: AccountKey=…;
  rule(
    'azure-key',
    'connection-string',
    '\\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)[ \\t]*=[ \\t]*([^\\s;"\']+)',
    ['accountkey', 'sharedaccess'],
    1,
    'gdi',
  ),
  // Environment-style names ending in a secret word: PGPASSWORD=, MYSQL_PWD=, REDISCLI_AUTH=,
  // SECRET_KEY_BASE=, GITHUB_TOKEN=. Upper case only: these are variables, not prose.
  rule(
    'secret-variable',
    'password',
    '(?<![A-Za-z0-9_])[A-Z0-9_]*(?:PASSWORD|PASSWD|PASSPHRASE|PWD|SECRET|TOKEN|AUTH|KEY_BASE|API_KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)["\']?[ \\t]*[:=][ \\t]*' +
      VALUE,
    [
      'passw',
      'passphrase',
      'pwd',
      'secret',
      'token',
      'auth',
      'key_base',
      'api_key',
      'private_key',
      'access_key',
      'credential',
    ],
    1,
  ),
  // password=…, passwd: …, "password": "…"
  rule(
    'password-field',
    'password',
    '\\b(?:password|passwd|passphrase|pwd|pass)\\b["\']?[ \\t]*[:=][ \\t]*' + VALUE,
    ['pass', 'pwd'],
    1,
    'gdi',
  ),
  rule(
    'password-option',
    'password',
    '(?<![\\w-])--password(?:=|[ \\t]+)' + VALUE,
    ['--password'],
    1,
  ),
  // mysql -pX, sshpass -p X, curl -u user:pw, redis-cli -a pw: a lexer, not a pattern.
  {
    name: 'command-option',
    kind: 'password',
    scan: findCommandSecrets,
    triggers: ['mysql', 'mariadb', 'sshpass', 'curl', 'wget', 'redis-cli'],
  },
  rule(
    'token-field',
    'token',
    '\\b(?:api[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?key|client[_-]?secret|token|secret)\\b["\']?[ \\t]*[:=][ \\t]*["\']?([A-Za-z0-9._~+/=-]{8,})',
    ['apikey', 'api_key', 'api-key', 'token', 'secret'],
    1,
    'gdi',
  ),
  // Well-known token shapes: GitHub, Slack (bot, user, app), GitLab, JWT, Google API keys,
  // Stripe secret and restricted keys, npm, Docker Hub.
  rule('github-token', 'token', '\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})', [
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
    'github_pat_',
  ]),
  rule('slack-token', 'token', '\\b(?:xox[abposr]-|xapp-)[A-Za-z0-9-]{10,}', [
    'xoxa-',
    'xoxb-',
    'xoxp-',
    'xoxo-',
    'xoxs-',
    'xoxr-',
    'xapp-',
  ]),
  rule('gitlab-token', 'token', '\\bglpat-[A-Za-z0-9_-]{20,}', ['glpat-']),
  rule('jwt', 'token', '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', [
    'eyj',
  ]),
  rule('google-api-key', 'token', '\\bAIza[0-9A-Za-z_-]{35}', ['aiza']),
  rule('stripe-key', 'token', '\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}', [
    'sk_live_',
    'sk_test_',
    'rk_live_',
    'rk_test_',
  ]),
  rule('npm-token', 'token', '\\bnpm_[A-Za-z0-9]{36}', ['npm_']),
  rule('docker-pat', 'token', '\\bdckr_pat_[A-Za-z0-9_-]{20,}', ['dckr_pat_']),
]

export interface Span {
  start: number
  end: number
  kind: RedactionKind
}

export interface RedactResult {
  text: string
  spans: Span[]
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Time a team pattern may take per scan: a floor plus a rate per megabyte of text. RE2 matches in
 * linear time (measured: ~2 ms per MB for simple patterns, ~200 ms for the worst nested one), so
 * only a pathological pattern on a huge transcript reaches it; then the export stops with an error
 * rather than going out with that pattern unapplied (fail closed).
 */
export const USER_PATTERN_BUDGET = { floorMs: 250, perMbMs: 1000 }

/** A team pattern ran past its time budget: the export is refused, not sent half-redacted. */
export class RedactionBudgetError extends InvalidParamsError {
  constructor(name: string, ms: number, chars: number) {
    super(
      `The redaction pattern "${name}" took ${Math.round(ms)} ms on ${chars} characters and was stopped, so nothing was exported. Simplify the pattern (fewer nested repeats) and try again.`,
    )
  }
}

/**
 * Turns a team pattern into a rule, or says which one is wrong and why. Team patterns run on
 * RE2 (re2js, a pure-JavaScript port: no native build, nothing downloaded), which matches in
 * time linear in the text, so `(a+)+$` cannot freeze the main process as it does on
 * JavaScript's backtracking engine. What only a backtracking engine can do (look-around,
 * back-references) is refused with an error naming the construct.
 */
export function compileUserPattern(p: RedactionPattern): Rule {
  let re: RE2JS
  try {
    re = RE2JS.compile(p.pattern)
  } catch (err) {
    const why = (err as Error).message
    const backtracking = /\(\?<?[=!]|\\[1-9]|\\k</.test(p.pattern)
    throw new InvalidParamsError(
      backtracking
        ? `The redaction pattern "${p.name}" uses a look-around or back-reference, which only a backtracking engine can run, and such patterns can freeze Sitrep on long text. Rewrite it without them (${why}).`
        : `The redaction pattern "${p.name}" is not a valid regular expression (${why}). Fix or remove it.`,
    )
  }
  if (re.matcher('').find()) {
    throw new InvalidParamsError(
      `The redaction pattern "${p.name}" matches empty text, so it would mask nothing useful. Make it match at least one character.`,
    )
  }
  const scan = function* (text: string): Generator<readonly [number, number]> {
    const started = performance.now()
    const budget = USER_PATTERN_BUDGET.floorMs + (USER_PATTERN_BUDGET.perMbMs * text.length) / 1e6
    const m = re.matcher(text)
    while (m.find()) {
      const spent = performance.now() - started
      if (spent > budget) throw new RedactionBudgetError(p.name, spent, text.length)
      yield [m.start(), m.end()] as const
    }
    const spent = performance.now() - started
    if (spent > budget) throw new RedactionBudgetError(p.name, spent, text.length)
  }
  return { name: `team:${p.name}`, kind: 'user-pattern', scan }
}

/**
 * The trigger words of several rules in one case-insensitive scan: which of the rules can match
 * a text. Running ~20 patterns over every string and 50 MB of transcripts cost most of an
 * export's time, though a text rarely holds any trigger word; one scan over the text decides
 * which rules run (over the whole text, as before), so a clean transcript is read once.
 */
export class TriggerScan {
  private readonly re: RegExp
  /** Lower-case word → indexes of the rules it (or a word it starts with) enables. */
  private readonly enables = new Map<string, number[]>()
  /** For whichBytes; null when a word is not plain ASCII of MIN_WORD or more characters. */
  private readonly byteTable: ByteTable | null
  /** byteTable's steps with ESCAPE_STEPS' bit: made on the first whichBytesEscaping. */
  private escapeSteps: Uint8Array | undefined
  /** byteTable as the WebAssembly scan reads it: made on first use. */
  private simd: SimdTriggerTable | null | undefined

  constructor(private readonly triggers: readonly (readonly string[] | undefined)[]) {
    const words = new Map<string, Set<number>>()
    triggers.forEach((list, i) => {
      for (const w of list ?? []) {
        const key = w.toLowerCase()
        words.set(key, (words.get(key) ?? new Set()).add(i))
      }
    })
    // At one position the scan reports only the longest word that matches there; every other
    // word matching there is a prefix of it, so a word enables the rules of its prefixes too.
    for (const w of words.keys()) {
      const all = new Set<number>()
      for (const [p, rules] of words) if (w.startsWith(p)) for (const i of rules) all.add(i)
      this.enables.set(w, [...all])
    }
    const longestFirst = [...words.keys()].sort((a, b) => b.length - a.length)
    this.re = new RegExp(longestFirst.map(escapeRe).join('|') || '(?!)', 'gi')
    this.byteTable = byteTableOf(words)
  }

  /** For each rule: may it match `text`? (Rules without trigger words always may.) */
  which(text: string): boolean[] {
    return this.scan((on, left) => this.scanText(text, on, left))
  }

  /**
   * As `which` for a text given as its UTF-8 bytes, without decoding it. Trigger words are ASCII
   * and ASCII characters are single bytes in UTF-8 (no other byte is ASCII, and case-insensitive
   * matching never maps a non-ASCII character to ASCII), so the bytes hold a word exactly where
   * the text does. A table of each word's first two bytes, either case, reads ~800 MB/s where the
   * regular expression with ~60 alternatives reads ~300 MB/s.
   */
  whichBytes(bytes: Uint8Array): boolean[] {
    const table = this.byteTable
    if (table === null) return this.triggers.map(() => true)
    return this.scan((on, left) => scanBytes(table, bytes, on, left))
  }

  /**
   * whichBytes, writing the JSON string form of the body `job` names as it reads (scanEscaping).
   * The body is escaped whatever the scan finds: a chunk of a batch where a rule may match but
   * none does is written from it too.
   */
  whichBytesEscaping(bytes: Uint8Array, job: EscapeJob): boolean[] {
    const table = this.byteTable
    return this.scan((on, left) => {
      if (table === null || left === 0) {
        scanEscaping(NO_WORDS, ESCAPE_STEPS, bytes, on, 0, job)
        return table === null ? on.map(() => true) : on
      }
      this.escapeSteps ??= table.steps.map((x, p) => x | (ESCAPE_STEPS[p] as number))
      return scanEscaping(table, this.escapeSteps, bytes, on, left, job)
    })
  }

  /**
   * The byte table as the WebAssembly scan reads it (jsonEscapeSimd.ts), or null when there is
   * none (whichBytes then says every rule may match, without a scan).
   */
  simdTable(): SimdTriggerTable | null {
    if (this.simd === undefined) this.simd = this.byteTable && simdTableOf(this.byteTable)
    return this.simd
  }

  /**
   * whichBytes, given where a word may start in `bytes` (found by the WebAssembly scan: every
   * offset whose three bytes begin a word, ignoring case, as wordStarts finds them).
   */
  whichStarts(bytes: Uint8Array, starts: ArrayLike<number>): boolean[] {
    const table = this.byteTable
    if (table === null) return this.triggers.map(() => true)
    return this.scan((on, left) => (left === 0 ? on : markWords(table, bytes, starts, on, left)))
  }

  private scan(run: (on: boolean[], left: number) => boolean[]): boolean[] {
    const on = this.triggers.map((t) => t === undefined)
    return run(on, on.filter((x) => !x).length)
  }

  private scanText(text: string, on: boolean[], left: number): boolean[] {
    const re = this.re
    re.lastIndex = 0
    for (let m = re.exec(text); m !== null && left > 0; m = re.exec(text)) {
      const rules = this.enables.get(m[0].toLowerCase())
      // A match the table does not know (cannot happen for ASCII words): run every rule.
      if (!rules) return on.map(() => true)
      for (const i of rules)
        if (!on[i]) {
          on[i] = true
          left--
        }
      // Words may overlap ("secretaccesskey" holds "secret" and "accesskey"): look again one
      // character on, not after the whole match.
      re.lastIndex = m.index + 1
    }
    return on
  }
}

/** ASCII upper case → lower case; every other byte stays itself. */
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 65 && b <= 90 ? b + 32 : b))

interface ByteWord {
  /** The lower-case word's bytes. */
  word: Uint8Array
  rules: readonly number[]
}

/** Words that start with the same two bytes. */
interface PairGroup {
  /** 1 for each third byte (lower case) a word of the group has. */
  thirds: Uint8Array
  /**
   * 1 for each fourth byte (either case) a word of the group has, and at 256 (no fourth byte:
   * the bytes end) only when a word of it has three bytes; then all are 1 (any byte may follow).
   */
  fourths: Uint8Array
  words: ByteWord[]
}

interface ByteTable {
  /** By a word's first two bytes in any ASCII case (first * 256 + second): 1 + its group. */
  pairs: Uint16Array
  groups: PairGroup[]
  /**
   * By two bytes read as one 16-bit number (pairOf; a half of a Uint32Array element): 1 when
   * they may be a word's first two bytes, 2 when its second and third (either case), 3 both.
   */
  steps: Uint8Array
  /** Row g (a group's number, 1 + its index) * 256 + a third byte: 1 when a word of it has it. */
  thirds: Uint8Array
}

/** Is this machine little-endian (how a Uint16Array reads two bytes)? */
const LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
/** Two bytes as a Uint16Array element holding them reads them. */
const pairOf = (first: number, second: number): number =>
  LITTLE ? first | (second << 8) : (first << 8) | second

/** Every word has at least this many characters (and is ASCII), or the table is not made. */
const MIN_WORD = 3

/** A byte and, for an ASCII letter, the same letter in the other case. */
const bothCases = (b: number): number[] =>
  b >= 97 && b <= 122 ? [b, b - 32] : b >= 65 && b <= 90 ? [b, b + 32] : [b]

function byteTableOf(words: Map<string, Set<number>>): ByteTable | null {
  const pairs = new Uint16Array(65536)
  const steps = new Uint8Array(65536)
  const groups: PairGroup[] = []
  for (const [w, rules] of words) {
    // eslint-disable-next-line no-control-regex
    if (w.length < MIN_WORD || !/^[\x00-\x7f]+$/.test(w)) return null
    const word = Uint8Array.from(Buffer.from(w, 'latin1'))
    const [a, b, c] = word as unknown as [number, number, number]
    let g = pairs[a * 256 + b] as number
    if (g === 0) {
      groups.push({ thirds: new Uint8Array(256), fourths: new Uint8Array(257), words: [] })
      g = groups.length
      for (const x of bothCases(a)) for (const y of bothCases(b)) pairs[x * 256 + y] = g
    }
    const group = groups[g - 1] as PairGroup
    for (const z of bothCases(c)) group.thirds[z] = 1
    if (word.length === MIN_WORD) group.fourths.fill(1)
    else for (const z of bothCases(word[3] as number)) group.fourths[z] = 1
    group.words.push({ word, rules: [...rules] })
    for (const x of bothCases(a)) for (const y of bothCases(b)) steps[pairOf(x, y)]! |= 1
    for (const y of bothCases(b)) for (const z of bothCases(c)) steps[pairOf(y, z)]! |= 2
  }
  const thirds = new Uint8Array((groups.length + 1) * 256)
  groups.forEach((g, i) => thirds.set(g.thirds, (i + 1) * 256))
  return { pairs, groups, steps, thirds }
}

/**
 * A ByteTable as the WebAssembly scan (jsonEscapeSimd.ts) reads it: the pair table by two bytes
 * read as a little-endian 16-bit number (WebAssembly's order, whatever this machine's), the
 * thirds as they are, and nibble masks for its prefilter.
 */
export interface SimdTriggerTable {
  /**
   * For each of a word's first three bytes, 16 bytes by low nibble then 16 by high nibble: bit
   * k set where a word of bucket k has a byte with that nibble there (either case). A place
   * whose three bytes all have bit k in both their nibbles' masks may start a word of bucket k.
   */
  masks: Uint8Array
  /** 65536 little-endian uint16: ByteTable.pairs[first * 256 + second] at first | second << 8. */
  pairs: Uint8Array
  thirds: Uint8Array
}

/** Buckets of words the SIMD prefilter tells apart (one bit of a byte each). */
const BUCKETS = 8

/** The last few tables made (a Redactor is made per export; its words rarely change). */
const simdTables = new Map<string, SimdTriggerTable>()

function simdTableOf(t: ByteTable): SimdTriggerTable {
  // The groups' words in order decide every table (groups are numbered in that order).
  const key = t.groups.map((g) => g.words.map((w) => String.fromCharCode(...w.word))).join('\n')
  const made = simdTables.get(key)
  if (made) return made
  const pairs = new Uint8Array(2 * 65536)
  for (let first = 0; first < 256; first++)
    for (let second = 0; second < 256; second++) {
      const g = t.pairs[first * 256 + second] as number
      const at = 2 * (first | (second << 8))
      pairs[at] = g & 0xff
      pairs[at + 1] = g >> 8
    }
  const prefixes = [
    ...new Set(
      t.groups.flatMap((g) => g.words.map((w) => String.fromCharCode(...w.word.slice(0, 3)))),
    ),
  ].sort()
  const bucket = bucketsOf(prefixes)
  const masks = new Uint8Array(96)
  prefixes.forEach((p, i) => {
    for (let j = 0; j < 3; j++)
      for (const c of bothCases(p.charCodeAt(j))) {
        masks[32 * j + (c & 15)]! |= 1 << (bucket[i] as number)
        masks[32 * j + 16 + (c >> 4)]! |= 1 << (bucket[i] as number)
      }
  })
  const table = { masks, pairs, thirds: t.thirds }
  if (simdTables.size >= 4) simdTables.delete(simdTables.keys().next().value as string)
  simdTables.set(key, table)
  return table
}

/**
 * A bucket for each three-byte prefix. A bucket lets through every place whose bytes have, at
 * each of the three, a low nibble and a high nibble some prefix of the bucket has there: the
 * product of those sets. Prefixes are moved between buckets while that makes the products
 * smaller (fewer places to look at exactly); any split is correct, only the speed differs.
 */
function bucketsOf(prefixes: readonly string[]): number[] {
  const bucket = prefixes.map((_, i) => Math.floor((i * BUCKETS) / Math.max(1, prefixes.length)))
  // Per prefix and byte: its nibbles (either case) as bits, low in 0-15, high in 16-31.
  const nibbles = prefixes.map((p) =>
    [0, 1, 2].map((j) =>
      bothCases(p.charCodeAt(j)).reduce((m, c) => m | (1 << (c & 15)) | (1 << (16 + (c >> 4))), 0),
    ),
  )
  const bits = (m: number): number => {
    let n = 0
    for (; m !== 0; m &= m - 1) n++
    return n
  }
  const size = (k: number): number => {
    let product = 1
    let members = 0
    for (let j = 0; j < 3; j++) {
      let m = 0
      for (let i = 0; i < prefixes.length; i++)
        if (bucket[i] === k) {
          m |= (nibbles[i] as number[])[j] as number
          members++
        }
      product *= bits(m & 0xffff) * bits(m >>> 16)
    }
    return members ? product : 0
  }
  const sizes = Array.from({ length: BUCKETS }, (_, k) => size(k))
  // Many prefixes (stored secrets): the sorted split, without the search.
  for (let round = 0, moved = prefixes.length <= 256; moved && round < 20; round++) {
    moved = false
    for (let i = 0; i < prefixes.length; i++)
      for (let k = 0; k < BUCKETS; k++) {
        const from = bucket[i] as number
        if (from === k) continue
        const before = (sizes[from] as number) + (sizes[k] as number)
        bucket[i] = k
        const a = size(from)
        const b = size(k)
        if (a + b < before) {
          sizes[from] = a
          sizes[k] = b
          moved = true
        } else bucket[i] = from
      }
  }
  return bucket
}

/** A plain view of `buffer` (V8 reads a Buffer's bytes more slowly than a Uint8Array's), at an
 * address an Int32Array can read from, four bytes at a time. */
function alignedView(buffer: Uint8Array): Uint8Array {
  return buffer.byteOffset % 4 === 0
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer)
}

/** Marks the rules of every word found in `buffer` (ignoring ASCII case) until all are on. */
function scanBytes(t: ByteTable, buffer: Uint8Array, on: boolean[], left: number): boolean[] {
  if (left === 0) return on
  const bytes = alignedView(buffer)
  const n = bytes.length
  const { steps } = t
  // First where a word's first three bytes may be (rare), then which words: a loop nested in
  // the first one made V8 compile it twice as slow, though it almost never ran.
  const starts: number[] = []
  // A word of three or more bytes at s covers the pairs at s and s + 1, one of which starts at
  // an even offset, where it is either the word's first two bytes or its second and third: so
  // the pairs at even offsets are looked up, two per four bytes read, and the rare hit is
  // checked with its third byte. About 1 GB/s; byte by byte ~600 MB/s.
  // Signed: V8 keeps int32 words in registers; a Uint32Array's high words are doubles.
  const four = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2)
  const last = four.length - 1
  wordStarts(t, steps, bytes, four, 0, last, starts)
  return markWords(t, bytes, lastStarts(t, bytes, last, starts), on, left)
}

/**
 * Where a word may start in the four-byte words [from, to) of `bytes`, pushed to `starts`.
 * `steps` is the trigger table's, possibly with the escape bit (4) added, which is ignored here.
 */
function wordStarts(
  t: ByteTable,
  steps: Uint8Array,
  bytes: Uint8Array,
  four: Int32Array,
  from: number,
  to: number,
  starts: number[],
): void {
  for (let j = from; j < to; j++) {
    // Words where no word starts, in a loop of their own (a smaller loop V8 runs faster).
    for (; j < to; j++) {
      const w = four[j] as number
      if ((((steps[w & 0xffff] as number) | (steps[w >>> 16] as number)) & 3) !== 0) break
    }
    if (j === to) break
    const w = four[j] as number
    const lo = steps[LITTLE ? w & 0xffff : w >>> 16] as number
    const hi = steps[LITTLE ? w >>> 16 : w & 0xffff] as number
    lookAt(t, bytes, 4 * j, lo, hi, starts)
  }
}

/**
 * Where a word may start among the four bytes at `s`, given the steps of their two pairs: the
 * pair at s may be a word's first two bytes (lo & 1) or its second and third (lo & 2, the word
 * starting at s - 1), likewise the pair at s + 2; the third byte says whether one does.
 */
function lookAt(
  t: ByteTable,
  bytes: Uint8Array,
  s: number,
  lo: number,
  hi: number,
  starts: number[],
): void {
  const { pairs, thirds } = t
  if ((lo & 1) !== 0 && thirds[third(pairs, bytes, s)] === 1) starts.push(s)
  if ((lo & 2) !== 0 && s > 0 && thirds[third(pairs, bytes, s - 1)] === 1) starts.push(s - 1)
  if ((hi & 2) !== 0 && thirds[third(pairs, bytes, s + 1)] === 1) starts.push(s + 1)
  if ((hi & 1) !== 0 && thirds[third(pairs, bytes, s + 2)] === 1) starts.push(s + 2)
}

/** The starts in the last few bytes, byte by byte (the word loops stop before the last word). */
function lastStarts(t: ByteTable, bytes: Uint8Array, last: number, starts: number[]): number[] {
  for (let s = Math.max(0, 4 * last - 1); s + MIN_WORD <= bytes.length; s++)
    if (t.thirds[third(t.pairs, bytes, s)] === 1) starts.push(s)
  return starts
}

/** Marks the rules of the words that start at `starts`. */
function markWords(
  t: ByteTable,
  bytes: Uint8Array,
  starts: ArrayLike<number>,
  on: boolean[],
  left: number,
): boolean[] {
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k] as number
    const g = t.pairs[(bytes[start] as number) * 256 + (bytes[start + 1] as number)] as number
    const group = t.groups[g - 1] as PairGroup
    // Most starts are a word's first three bytes and no more ("API" before Japanese text): the
    // fourth byte turns them away without comparing each word.
    const fourth = start + 3 < bytes.length ? (bytes[start + 3] as number) : 256
    if (group.fourths[fourth] !== 1) continue
    for (const w of group.words) {
      if (!startsWith(bytes, start, w.word)) continue
      for (const r of w.rules)
        if (!on[r]) {
          on[r] = true
          if (--left === 0) return on
        }
    }
  }
  return on
}

/** Where mayMatchBytesEscaping writes the JSON string form of a window's body. */
export interface EscapeJob {
  /**
   * Ascending offsets into the scanned bytes: the body runs from the first to the last, and
   * each one in between ends a piece (a chunk) of it. Offsets may repeat (empty pieces).
   */
  cuts: readonly number[]
  /** Room for MAX_ESCAPED bytes per body byte. */
  out: Uint8Array
  /** Filled by the scan: ends[k] is how many bytes of `out` hold the body up to cuts[k]. */
  ends: number[]
}

/** A table of no words, for scanEscaping to escape with (ESCAPE_STEPS has no word bits). */
const NO_WORDS: ByteTable = {
  pairs: new Uint16Array(65536),
  groups: [],
  steps: new Uint8Array(65536),
  thirds: new Uint8Array(256),
}

/** Past every offset (a small integer, where Infinity would make the offsets doubles). */
const NEVER = 0x3fffffff

/** By two bytes read as one 16-bit number: 4 when either needs a JSON escape. */
const ESCAPE_STEPS = Uint8Array.from({ length: 65536 }, (_, p) =>
  JSON_ESCAPE[p & 0xff] !== 0 || JSON_ESCAPE[p >> 8] !== 0 ? 4 : 0,
)

/**
 * scanBytes, and in the same loop the body's bytes as JSON.stringify writes them in a string
 * (jsonBytes.ts): the asciicast export's escape where WebAssembly cannot run (elsewhere the
 * SIMD escaper, jsonEscapeSimd.ts, is ~4x faster than this loop's share). One pass for both
 * cost ~70 ms per 50 MB where the scan, then JSON.stringify of the latin1 text, cost ~110.
 * Four bytes are read at a time; two lookups in `steps` (the trigger table's steps with 4 set
 * where a byte needs an escape) say whether any of them is more than a byte to copy, and when
 * none is, they are copied as one 32-bit write. `t` is null when no rule has a trigger table to
 * scan with (the table then has no trigger bits, and no word is looked for).
 */
function scanEscaping(
  t: ByteTable,
  steps: Uint8Array,
  buffer: Uint8Array,
  on: boolean[],
  left: number,
  job: EscapeJob,
): boolean[] {
  const bytes = alignedView(buffer)
  const n = bytes.length
  const { cuts, out, ends } = job
  const from = cuts[0] as number
  const to = cuts[cuts.length - 1] as number
  if (out.length < MAX_ESCAPED * (to - from)) throw new RangeError('EscapeJob.out is too small')
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  // Signed: V8 keeps int32 words in registers; a Uint32Array's high words are doubles.
  const four = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2)
  const last = four.length - 1
  const starts: number[] = []
  // Words before the body (the context before it), then the body's, then those after it.
  const bodyFirst = Math.min(last, from >> 2)
  const bodyEnd = Math.max(bodyFirst, Math.min(last, (to + 3) >> 2))
  wordStarts(t, steps, bytes, four, 0, bodyFirst, starts)
  let o = 0
  let c = 0
  let cut = from
  for (let j = bodyFirst; j < bodyEnd; j++) {
    // The words wholly before the next cut that need nothing but a copy, in a loop of their own
    // (a third faster than testing for the cut and the rest in the same loop).
    const run = Math.min(bodyEnd, cut >> 2)
    for (; j < run; j++) {
      const w = four[j] as number
      if (((steps[w & 0xffff] as number) | (steps[w >>> 16] as number)) !== 0) break
      view.setInt32(o, w, LITTLE)
      o += 4
    }
    if (j === bodyEnd) break
    const w = four[j] as number
    const lo = steps[LITTLE ? w & 0xffff : w >>> 16] as number
    const hi = steps[LITTLE ? w >>> 16 : w & 0xffff] as number
    const s = 4 * j
    const x = lo | hi
    // Four bytes inside one piece (the first word reaches the body's start: a cut).
    const inside = s + 4 <= cut
    if ((x & 3) !== 0) lookAt(t, bytes, s, lo, hi, starts)
    if (inside) {
      if ((x & 4) === 0) {
        view.setInt32(o, w, LITTLE)
        o += 4
      } else {
        // Six bytes written whatever the byte's form takes, the next form written over the
        // rest: no branch per byte (out has room for six per byte).
        for (let p = s; p < s + 4; p++) {
          const e = (bytes[p] as number) << 3
          out[o] = JSON_FORMS[e] as number
          out[o + 1] = JSON_FORMS[e + 1] as number
          out[o + 2] = JSON_FORMS[e + 2] as number
          out[o + 3] = JSON_FORMS[e + 3] as number
          out[o + 4] = JSON_FORMS[e + 4] as number
          out[o + 5] = JSON_FORMS[e + 5] as number
          o += JSON_FORMS[e + 7] as number
        }
      }
      continue
    }
    for (let p = s; p < s + 4; p++) {
      while (p === cut) {
        ends[c++] = o
        cut = c < cuts.length ? (cuts[c] as number) : NEVER
      }
      if (c > 0 && p < to) o = putJsonByte(out, o, bytes[p] as number)
    }
  }
  wordStarts(t, steps, bytes, four, bodyEnd, last, starts)
  // The body's bytes after the last word the loop read, byte by byte.
  for (let p = Math.max(from, 4 * bodyEnd); p < to; p++) {
    while (p === cut) {
      ends[c++] = o
      cut = c < cuts.length ? (cuts[c] as number) : NEVER
    }
    o = putJsonByte(out, o, bytes[p] as number)
  }
  while (c < cuts.length) ends[c++] = o
  if (left === 0) return on
  return markWords(t, bytes, lastStarts(t, bytes, last, starts), on, left)
}

/** Where in ByteTable.thirds to look for the third byte of a word starting at `s` (row 0: none). */
function third(pairs: Uint16Array, bytes: Uint8Array, s: number): number {
  const g = pairs[(bytes[s] as number) * 256 + (bytes[s + 1] as number)] as number
  return g * 256 + (bytes[s + 2] as number)
}

/** Does `bytes` hold `word` (lower case) at `start`, ignoring ASCII case? */
function startsWith(bytes: Uint8Array, start: number, word: Uint8Array): boolean {
  if (start + word.length > bytes.length) return false
  for (let j = 0; j < word.length; j++)
    if (LOWER[bytes[start + j] as number] !== word[j]) return false
  return true
}

export class Redactor {
  private readonly rules: Rule[]
  private readonly triggers: TriggerScan

  constructor(opts: { patterns?: readonly RedactionPattern[]; knownSecrets?: readonly string[] }) {
    const known = [...new Set(opts.knownSecrets ?? [])]
      .filter((s) => s.length >= 4)
      // Longest first, so a secret that contains another is masked whole.
      .sort((a, b) => b.length - a.length)
    this.rules = [
      ...(known.length
        ? [
            {
              name: 'known-secret',
              kind: 'known-secret' as const,
              re: new RegExp(known.map(escapeRe).join('|'), 'gd'),
              group: 0,
              // A stored secret occurs only where its own letters do: it is its own trigger word
              // (the scan ignores case, a superset of this case-sensitive rule). The byte scan
              // reads ASCII words only, so a secret with other letters keeps the rule always on.
              // eslint-disable-next-line no-control-regex
              ...(known.every((k) => /^[\x00-\x7f]+$/.test(k)) ? { triggers: known } : {}),
            },
          ]
        : []),
      ...builtInRules,
      ...(opts.patterns ?? []).map(compileUserPattern),
    ]
    this.triggers = new TriggerScan(this.rules.map((r) => r.triggers))
  }

  get knownSecretRules(): number {
    return this.rules.filter((r) => r.kind === 'known-secret').length
  }

  /**
   * Which rules may match a text given as its UTF-8 bytes (see TriggerScan.whichBytes), or null
   * when none may: then find() on its text would find nothing, and the text need not be decoded.
   */
  mayMatchBytes(bytes: Uint8Array): boolean[] | null {
    const may = this.triggers.whichBytes(bytes)
    return may.includes(true) ? may : null
  }

  /** The trigger table as the WebAssembly scan reads it, or null (no scan: every rule runs). */
  simdTable(): SimdTriggerTable | null {
    return this.triggers.simdTable()
  }

  /**
   * mayMatchBytes, with the places a trigger word may start in `bytes` found by `find` (the
   * WebAssembly scan, given simdTable()). Where `find` gives null (the scan cannot run), the
   * JavaScript scan reads the bytes: the scan is never skipped.
   */
  mayMatchBytesFrom(
    bytes: Uint8Array,
    find: (table: SimdTriggerTable) => ArrayLike<number> | null,
  ): boolean[] | null {
    const table = this.triggers.simdTable()
    const starts = table && find(table)
    if (!starts) return this.mayMatchBytes(bytes)
    const may = this.triggers.whichStarts(bytes, starts)
    return may.includes(true) ? may : null
  }

  /**
   * mayMatchBytes, and the JSON string form of the body `job` names written to job.out in the
   * same pass over the bytes (for the asciicast export; see scanEscaping).
   */
  mayMatchBytesEscaping(bytes: Uint8Array, job: EscapeJob): boolean[] | null {
    const may = this.triggers.whichBytesEscaping(bytes, job)
    return may.includes(true) ? may : null
  }

  /**
   * Where the secrets are in `text`: merged, non-overlapping spans in order. `may` is what
   * mayMatchBytes said of this same text's bytes, so the text is not scanned for triggers again.
   */
  find(text: string, may: readonly boolean[] = this.triggers.which(text)): Span[] {
    const found: Span[] = []
    for (const [i, r] of this.rules.entries())
      if (may[i])
        for (const [start, end] of spansOf(r, text))
          if (end > start) found.push({ start, end, kind: r.kind })
    if (found.length < 2) return found
    found.sort((a, b) => a.start - b.start || b.end - a.end)
    const merged: Span[] = []
    for (const s of found) {
      const last = merged[merged.length - 1]
      if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
      else merged.push({ ...s })
    }
    return merged
  }

  redact(text: string): RedactResult {
    const spans = this.find(text)
    return { text: applySpans(text, spans), spans }
  }

  /** Only the masked text, for callers that do not count. */
  mask(text: string): string {
    return this.redact(text).text
  }
}

/** Where one rule matches in `text` (the secret part of each match). */
export function* spansOf(r: Rule, text: string): Generator<readonly [number, number]> {
  if ('scan' in r) {
    yield* r.scan(text)
    return
  }
  r.re.lastIndex = 0
  for (const m of text.matchAll(r.re)) {
    const at = m.indices?.[r.group]
    if (at) yield at
  }
}

export function applySpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text
  let out = ''
  let pos = 0
  for (const s of spans) {
    out += text.slice(pos, s.start) + MASK
    pos = s.end
  }
  return out + text.slice(pos)
}

/** Context around a finding with the secret masked: what the preview shows. */
export function excerptOf(text: string, span: Span, context = 30): string {
  const from = Math.max(0, span.start - context)
  const to = Math.min(text.length, span.end + context)
  const before = text.slice(from, span.start)
  const after = text.slice(span.end, to)
  const clean = (s: string): string =>
    // Terminal escapes and newlines would garble a one-line preview.
    // eslint-disable-next-line no-control-regex
    s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\n\t]+/g, ' ')
  return `${from > 0 ? '…' : ''}${clean(before)}${MASK}${clean(after)}${to < text.length ? '…' : ''}`
}
