// Redaction of a transcript read as bytes (ByteStreamRedactor) must mask what the text redactor
// (StreamRedactor over the decoded text) masks: the byte scan for trigger words finds exactly
// what the text scan finds, each chunk's text is what a streaming decoder of its direction gives
// (also where a character is split across chunks, or across chunks of another direction), and
// secrets across chunk and batch bounds are masked the same.
import { TextDecoder } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MASK, Redactor, TriggerScan, builtInRules } from '../../../src/main/core/export/redact'
import { ByteStreamRedactor, pendingTail } from '../../../src/main/core/export/redactBytes'
import { StreamRedactor } from '../../../src/main/core/export/redactStream'

const PIECES = [
  'PGPASSWORD=',
  'password',
  'pwd=',
  'SecretAccessKey',
  'aws_secret_access_key = ',
  'AccountKey=',
  'token: ',
  'api-key=',
  'Authorization: Bearer ',
  'AKIAIOSFODNN7EXAMPLE',
  'postgres://app:',
  'pa55word@db',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n',
  'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t',
  'tls.key: ',
  'ghp_0123456789abcdefghijABCDEFGHIJ0123',
  'xoxb-0123456789-abc',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefgh12',
  'mysql -uroot -pTop5 ',
  'curl -u ops:pw9 ',
  'dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c',
  ' ',
  '\n',
  '=',
  ':',
  'x',
  '決済',
  'é',
  '😀',
]

const recase = (s: string, mask: number): string =>
  [...s].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('')

const texts = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 2 ** 30 - 1 })), {
    maxLength: 12,
  })
  .map((parts) => parts.map(([p, mask]) => recase(p, mask)).join(''))

describe('trigger scan on bytes', () => {
  const scan = new TriggerScan(builtInRules.map((r) => r.triggers))

  it('says of a text’s UTF-8 exactly what the text scan says of the text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(scan.whichBytes(Buffer.from(text))).toEqual(scan.which(text))
      }),
      { numRuns: 3000 },
    )
  })

  it('finds a word at the very start and the very end, in either case, and nothing in noise', () => {
    const tokenRule = builtInRules.findIndex((r) => r.name === 'token-field')
    for (const text of ['token', 'TOKEN=', '  x ToKeN', 'tok\u00e9en'])
      expect(scan.whichBytes(Buffer.from(text))[tokenRule]).toBe(text !== 'tok\u00e9en')
    expect(scan.whichBytes(Buffer.from('決済APIのレスポンス')).includes(true)).toBe(false)
  })

  it('finds every word at every offset and at the end, read from any address', () => {
    const words = [...new Set(builtInRules.flatMap((r) => r.triggers ?? []))]
    for (const w of words)
      for (let before = 0; before < 4; before++)
        for (let after = 0; after < 3; after++) {
          const text = `${'é'.slice(0, before % 2)}${'x'.repeat(before)}${w.toUpperCase()}${' '.repeat(after)}`
          const expected = scan.which(text)
          expect(expected.includes(true)).toBe(true)
          const bytes = Buffer.from(text)
          expect(scan.whichBytes(bytes)).toEqual(expected)
          for (const shift of [1, 2, 3]) {
            const moved = Buffer.alloc(bytes.length + shift)
            bytes.copy(moved, shift)
            expect(scan.whichBytes(moved.subarray(shift))).toEqual(expected)
          }
        }
  })

  it('lets a stored secret be its own trigger word (ASCII), and keeps the rule on otherwise', () => {
    const ascii = new Redactor({ knownSecrets: ['Zq7xW2pL9mK4'] })
    expect(ascii.mayMatchBytes(Buffer.from('a clean line\n'))).toBeNull()
    expect(ascii.mayMatchBytes(Buffer.from('echo zq7xw2pl9mk4'))).not.toBeNull()
    const other = new Redactor({ knownSecrets: ['パスワード1234'] })
    expect(other.mayMatchBytes(Buffer.from('a clean line\n'))).not.toBeNull()
  })
})

const utf8 = new TextDecoder()

/** A streaming decoder per direction: the text of each chunk as the export decoded it before. */
function streamedTexts(chunks: readonly { bytes: Buffer; dir: string }[]): string[] {
  const decoders = new Map<string, TextDecoder>()
  return chunks.map((c) => {
    const d = decoders.get(c.dir) ?? new TextDecoder()
    decoders.set(c.dir, d)
    return d.decode(c.bytes, { stream: true })
  })
}

const utf8Bytes = fc.array(
  fc.oneof(
    fc.constantFrom(...['a', 'é', '決', '😀', '\r\n', '\x1b[0m'].map((s) => [...Buffer.from(s)])),
    // Broken sequences too: stray continuation bytes, leads without their tails, overlong forms.
    fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }),
  ),
  { maxLength: 40 },
)

describe('transcript bytes as text', () => {
  it('holds back exactly the bytes a streaming decoder holds back', () => {
    fc.assert(
      fc.property(utf8Bytes, (parts) => {
        const bytes = Uint8Array.from(parts.flat())
        const d = new TextDecoder()
        const streamed = d.decode(bytes, { stream: true })
        const tail = pendingTail(bytes)
        expect(new TextDecoder().decode(bytes.subarray(0, bytes.length - tail.length))).toBe(
          streamed,
        )
        // What is held back is no text yet: the next bytes complete it or it becomes U+FFFD.
        expect(d.decode(Uint8Array.of(0x41), { stream: true })).toBe(
          new TextDecoder().decode(Uint8Array.from([...tail, 0x41])),
        )
      }),
      { numRuns: 3000 },
    )
  })

  it('gives each chunk the text its direction’s streaming decoder gives, split characters too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(utf8Bytes, fc.constantFrom('o', 'i', 'r')), { maxLength: 20 }),
        (parts) => {
          const chunks = parts.map(([p, dir]) => ({ bytes: Buffer.from(p.flat()), dir }))
          const s = new ByteStreamRedactor<number>(new Redactor({}), 16)
          const out = [...chunks.flatMap((c, i) => s.push(c.bytes, c.dir, i)), ...s.flush()]
          expect(out.map((c) => c.tag)).toEqual(chunks.map((_, i) => i))
          expect(out.map((c) => utf8.decode(c.piece))).toEqual(streamedTexts(chunks))
          expect(out.map((c) => c.bytes)).toEqual(chunks.map((c) => c.bytes))
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('finds a secret whose text is split by a character another direction completes later', () => {
    // "pa" + the start of "あ" is output, the responder types "ss: hunter22 ", then "あ" ends:
    // the text reads "pass: hunter22 あ" though the bytes read "pa\xe3ss: hunter22 \x81\x82".
    const s = new ByteStreamRedactor<number>(new Redactor({}))
    const a = Buffer.from('あ')
    const chunks = [
      { bytes: Buffer.concat([Buffer.from('pa'), a.subarray(0, 1)]), dir: 'o' },
      { bytes: Buffer.from('ss: hunter22 '), dir: 'i' },
      { bytes: a.subarray(1), dir: 'o' },
    ]
    const out = [...chunks.flatMap((c, i) => s.push(c.bytes, c.dir, i)), ...s.flush()]
    expect(out.map((c) => c.masked?.text ?? utf8.decode(c.piece))).toEqual([
      'pa',
      `ss: ${MASK} `,
      'あ',
    ])
  })
})

describe('byte stream redaction across chunk and batch bounds', () => {
  const BATCH = 32 * 1024
  const SECRETS = [
    'PGPASSWORD=Zq7xW2pL9mK4',
    'postgres://app:Vb3nQ8rT1yU6@db:5432/x',
    'Authorization: Bearer Hj5kLm2Np8Qr4St6',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nGf4dSa7Pk2Jh9Lw3\n-----END OPENSSH PRIVATE KEY-----',
  ]
  const SECRET_PARTS = ['Zq7xW2pL9mK4', 'Vb3nQ8rT1yU6', 'Hj5kLm2Np8Qr4St6', 'Gf4dSa7Pk2Jh9Lw3']
  const LENGTH = 200_000
  const filler = Buffer.from(
    '2024/01/20 14:02:11 [error] upstream timed out 決済API request_id=8f1e2c\r\n'.repeat(
      Math.ceil(LENGTH / 70),
    ),
  ).subarray(0, LENGTH)

  /** Streams `bytes` in chunks of the given sizes (cycled): the texts out, and batch bounds. */
  function streamed(bytes: Buffer, sizes: readonly number[], simd = true) {
    const chunks: { bytes: Buffer; dir: string }[] = []
    for (let at = 0, n = 0; at < bytes.length; n++) {
      const size = sizes[n % sizes.length] as number
      chunks.push({ bytes: bytes.subarray(at, at + size), dir: 'o' })
      at += size
    }
    const s = new ByteStreamRedactor<number>(new Redactor({}), BATCH, false, simd)
    const out: string[] = []
    const bounds: number[] = []
    let judged = 0
    const take = (judgedChunks: ReturnType<typeof s.flush>): void => {
      for (const c of judgedChunks) {
        out.push(c.masked?.text ?? utf8.decode(c.piece))
        judged += c.bytes.length
      }
      if (judgedChunks.length) bounds.push(judged)
    }
    for (const [i, c] of chunks.entries()) take(s.push(c.bytes, c.dir, i))
    take(s.flush())
    expect(out.length).toBe(chunks.length)
    // The text redactor over the same text, chunk by chunk.
    const text = new StreamRedactor<number>(new Redactor({}))
    const texts = streamedTexts(chunks)
    const reference = [...texts.flatMap((t, i) => text.push(t, i)), ...text.flush()]
    return { out, bounds, reference: reference.map((c) => c.text) }
  }

  /** The filler with a secret on its own line around each batch bound, shifted by `shift`. */
  function planted(
    bounds: readonly number[],
    shift: (i: number) => number,
  ): { bytes: Buffer; places: [number, number][] } {
    const bytes = Buffer.from(filler)
    const places: [number, number][] = []
    let last = -Infinity
    for (const [i, b] of bounds.entries()) {
      const secret = Buffer.from(`\n${SECRETS[i % SECRETS.length]}\n`)
      // In place of whole characters, so the rest of the text stays as it was.
      let at = b - shift(i) - 1
      while (((filler[at] as number) & 0xc0) === 0x80) at--
      let end = at + secret.length
      while (((filler[end] as number) & 0xc0) === 0x80) end++
      if (at < 0 || at < last + 100 || end >= LENGTH) continue
      bytes.fill(0x0a, at, end)
      secret.copy(bytes, at)
      places.push([at, end])
      last = end
    }
    return { bytes, places }
  }

  /** How many planted secrets a batch bound cuts. */
  const cut = (places: [number, number][], bounds: readonly number[]): number =>
    places.filter(([at, end]) => bounds.some((b) => b > at + 2 && b < end - 2)).length

  function leaks(out: string): string[] {
    const bare = out.split(MASK).join('\u0000')
    const found: string[] = []
    for (const secret of SECRET_PARTS)
      for (let i = 0; i + 4 <= secret.length; i++)
        if (bare.includes(secret.slice(i, i + 4))) found.push(secret.slice(i, i + 4))
    return found
  }

  // Scanned by the WebAssembly loop (where it runs, as here), and by the JavaScript one (where it
  // cannot) for a few of the sizes.
  it.each([
    ['1-byte chunks (every character split)', [1], true],
    ['7-byte chunks', [7], true],
    ['4 KB chunks', [4096], true],
    ['64 KB chunks (the recorder’s)', [65_536], true],
    ['mixed sizes', [1, 3000, 17, 65_536, 9000, 2], true],
    ['7-byte chunks, JavaScript scan', [7], false],
    ['mixed sizes, JavaScript scan', [1, 3000, 17, 65_536, 9000, 2], false],
  ])(
    '%s: a secret across every batch bound is masked, as the text redactor masks it',
    (_n, sizes, simd) => {
      const { bounds } = streamed(filler, sizes, simd)
      expect(bounds.length).toBeGreaterThan(2)
      // The secret starts 2…22 bytes before a bound, varied per bound (one shift for 1-byte chunks,
      // whose 200 000 chunks per run take a while).
      for (const shift of sizes[0] === 1 ? [9] : [2, 9, 20]) {
        const { bytes, places } = planted(bounds, (i) => shift + (i % 3))
        const { out, reference, bounds: again } = streamed(bytes, sizes, simd)
        // Bounds are where they were, give or take a chunk (a secret in place of split characters
        // changes which chunk ends a batch): most secrets straddle one.
        expect(cut(places, again)).toBeGreaterThanOrEqual(Math.ceil(places.length / 2))
        expect(leaks(out.join(''))).toEqual([])
        expect(out).toEqual(reference)
        expect(leaks(bytes.toString()).length).toBeGreaterThan(0)
      }
    },
  )

  it('random chunk sizes and random places: the same text out as the text redactor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 60 }),
        (sizes, shift) => {
          const { bounds } = streamed(filler, sizes)
          const { out, reference } = streamed(planted(bounds, (i) => shift + i).bytes, sizes)
          expect(leaks(out.join(''))).toEqual([])
          expect(out).toEqual(reference)
        },
      ),
      { numRuns: 10 },
    )
  })

  it('runs a team pattern (no trigger words) over every batch', () => {
    const r = new Redactor({ patterns: [{ name: 'ticket', pattern: 'TCK-[0-9]{6}' }] })
    const s = new ByteStreamRedactor<number>(r, BATCH)
    const bytes = Buffer.concat([filler, Buffer.from(' TCK-123456 '), filler])
    const out: string[] = []
    for (let at = 0, i = 0; at < bytes.length; at += 4096, i++)
      for (const c of s.push(bytes.subarray(at, at + 4096), 'o', i))
        out.push(c.masked?.text ?? c.piece.toString())
    for (const c of s.flush()) out.push(c.masked?.text ?? c.piece.toString())
    expect(out.join('')).toContain(` ${MASK} `)
    expect(out.join('')).not.toContain('TCK-123456')
  })
})

describe('asciicast text escaped as bytes', () => {
  it('writes what JSON.stringify writes for the decoded text, for any valid UTF-8', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.constantFrom('\x1b[0m', '\r\n', '"', '\\', '\x00', '\x7f', '決済', '😀'),
          ),
        ),
        (parts) => {
          const text = parts.join('')
          const bytes = Buffer.from(text)
          const job = { cuts: [0, bytes.length], out: Buffer.alloc(6 * bytes.length), ends: [] }
          new Redactor({}).mayMatchBytesEscaping(bytes, job)
          const out = job.out.subarray(job.ends[0], job.ends[1])
          expect(`"${out.toString()}"`).toBe(JSON.stringify(bytes.toString()))
        },
      ),
      { numRuns: 500 },
    )
  })
})
