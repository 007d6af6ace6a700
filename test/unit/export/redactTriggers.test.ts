// The trigger scan that decides which redaction rules run on a text must never skip a rule that
// would have matched: the redactor with it finds exactly what every rule run over the whole text
// finds. And a transcript streamed in chunks of any size loses none of its planted secrets, also
// where a secret straddles two chunks or two of the stream redactor's batches.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  builtInRules,
  MASK,
  Redactor,
  spansOf,
  type Span,
} from '../../../src/main/core/export/redact'
import { StreamRedactor } from '../../../src/main/core/export/redactStream'

/** Every built-in rule over the whole text, merged as Redactor.find merges: no trigger scan. */
function everyRule(text: string): Span[] {
  const found: Span[] = []
  for (const r of builtInRules)
    for (const [start, end] of spansOf(r, text))
      if (end > start) found.push({ start, end, kind: r.kind })
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Span[] = []
  for (const s of found) {
    const last = merged[merged.length - 1]
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else merged.push({ ...s })
  }
  return merged
}

// Pieces of secrets and of text around them, mixed at random: every rule's words, their cases
// changed, glued to each other ("secretaccesskey" holds "secret" and "accesskey").
const PIECES = [
  'PGPASSWORD=',
  'password',
  'Passwd: ',
  'pwd=',
  '--password ',
  'SECRET_KEY_BASE=',
  'secret',
  'SecretAccessKey',
  'aws_secret_access_key = ',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AccountKey=',
  'SharedAccessSignature=',
  'token: ',
  'api-key=',
  'apikey: ',
  'Authorization: Bearer ',
  'bearer ',
  'AKIAIOSFODNN7EXAMPLE',
  'postgres://app:',
  'pa55word@db',
  '://',
  '@',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n',
  '-----END RSA PRIVATE KEY-----',
  'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t',
  'tls.key: ',
  'ssh-privatekey: ',
  'ghp_0123456789abcdefghijABCDEFGHIJ0123',
  'github_pat_0123456789abcdefghij_ABCDEFGHIJ',
  'xoxb-0123456789-abc',
  'xapp-1-A0123456789',
  'glpat-0123456789abcdefghij',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefgh12',
  'AIzaSyA0123456789abcdefghijklmnopqrstuvw',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'npm_abcdefghijABCDEFGHIJ0123456789abcdef',
  'dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c',
  'mysql -uroot -pTop5 ',
  'curl -u ops:pw9 ',
  'hunter22',
  '"two words"',
  ' ',
  '\n',
  ';',
  '=',
  ':',
  '_',
  '-',
  'x',
  '決済',
]

const recase = (s: string, mask: number): string =>
  [...s].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('')

const texts = fc
  .array(
    fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 2 ** 30 - 1 }), fc.boolean()),
    { maxLength: 12 },
  )
  .map((parts) => parts.map(([p, mask, keep]) => (keep ? p : recase(p, mask))).join(''))

describe('redaction trigger scan', () => {
  const redactor = new Redactor({})

  it('finds exactly what every rule over the whole text finds (random mixes of secret shapes)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(redactor.find(text)).toEqual(everyRule(text))
      }),
      { numRuns: 3000 },
    )
  })

  it('finds exactly what every rule finds in each known shape, in any case, inside other text', () => {
    for (const p of PIECES)
      for (const text of [p, p.toUpperCase(), p.toLowerCase(), `log: ${p}value1234567890 end`])
        expect(redactor.find(text)).toEqual(everyRule(text))
  })
})

describe('stream redaction across chunk and batch boundaries', () => {
  const SECRETS = [
    'PGPASSWORD=Zq7xW2pL9mK4',
    'postgres://app:Vb3nQ8rT1yU6@db:5432/x',
    'Authorization: Bearer Hj5kLm2Np8Qr4St6',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nGf4dSa7Pk2Jh9Lw3\n-----END OPENSSH PRIVATE KEY-----',
  ]
  // The secret part of each (what must not be left in the output, in any piece of 4 characters).
  const SECRET_PARTS = ['Zq7xW2pL9mK4', 'Vb3nQ8rT1yU6', 'Hj5kLm2Np8Qr4St6', 'Gf4dSa7Pk2Jh9Lw3']
  const LENGTH = 700_000
  const filler = '2024/01/20 14:02:11 [error] upstream timed out 決済API request_id=8f1e2c\r\n'
    .repeat(Math.ceil(LENGTH / 70))
    .slice(0, LENGTH)

  /** Streams `text` in chunks of the given sizes (cycled); the output and where batches ended. */
  function streamed(text: string, sizes: readonly number[]): { out: string; bounds: number[] } {
    const s = new StreamRedactor<number>(new Redactor({}))
    const out: string[] = []
    const bounds: number[] = []
    // Masks change lengths: a bound is counted in input characters (each chunk's own length).
    const lengths: number[] = []
    let judged = 0
    const take = (chunks: { tag: number; text: string }[]): void => {
      for (const c of chunks) {
        out.push(c.text)
        judged += lengths[c.tag] as number
      }
      if (chunks.length) bounds.push(judged)
    }
    let n = 0
    for (let at = 0; at < text.length; n++) {
      const piece = text.slice(at, at + (sizes[n % sizes.length] as number))
      lengths.push(piece.length)
      take(s.push(piece, n))
      at += piece.length
    }
    take(s.flush())
    expect(out.length).toBe(n)
    return { out: out.join(''), bounds }
  }

  /** The filler with a secret on its own line around each batch bound, shifted by `shift`. */
  function planted(bounds: readonly number[], shift: (i: number) => number): string {
    let text = filler
    let last = -Infinity
    for (const [i, b] of bounds.entries()) {
      const secret = `\n${SECRETS[i % SECRETS.length]}\n`
      const at = b - shift(i) - 1
      if (at < last + 100 || at + secret.length >= LENGTH) continue
      text = text.slice(0, at) + secret + text.slice(at + secret.length)
      last = at + secret.length
    }
    return text
  }

  function leaks(out: string): string[] {
    const bare = out.split(MASK).join('\u0000')
    const found: string[] = []
    for (const secret of SECRET_PARTS)
      for (let i = 0; i + 4 <= secret.length; i++)
        if (bare.includes(secret.slice(i, i + 4))) found.push(secret.slice(i, i + 4))
    return found
  }

  it.each([
    ['1-character chunks', [1]],
    ['7-character chunks', [7]],
    ['4 KB chunks', [4096]],
    ['64 KB chunks (the recorder’s)', [65_536]],
    ['mixed sizes', [1, 3000, 17, 65_536, 9000, 2]],
  ])('%s: a secret across every batch bound, at every shift, is masked', (_name, sizes) => {
    // Where the batches end depends only on the chunk sizes: learn it on the filler alone.
    const { bounds } = streamed(filler, sizes)
    expect(bounds.length).toBeGreaterThan(1)
    // The secret starts 2…20 characters before a bound (its value straddles it), varied per bound.
    for (const shift of [2, 9, 20]) {
      const text = planted(bounds, (i) => shift + (i % 3))
      expect(streamed(text, sizes).bounds).toEqual(bounds)
      const { out } = streamed(text, sizes)
      expect(leaks(out)).toEqual([])
      // Every planted secret was there to find (the test plants what it checks).
      expect(leaks(text).length).toBeGreaterThan(0)
    }
  })

  it('random chunk sizes and random places: no planted secret survives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 60 }),
        (sizes, shift) => {
          const { bounds } = streamed(filler, sizes)
          const { out } = streamed(
            planted(bounds, (i) => shift + i),
            sizes,
          )
          expect(leaks(out)).toEqual([])
        },
      ),
      { numRuns: 10 },
    )
  })
})
