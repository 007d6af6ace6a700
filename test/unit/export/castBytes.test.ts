// The asciicast export writes a clean chunk's bytes as JSON string text escaped in the same pass
// as the trigger-word scan (Redactor.mayMatchBytesEscaping), not through JSON.stringify of its
// text. Its output must be byte for byte what the text path writes (decode each chunk with its
// direction's streaming decoder, mask with the text redactor, JSON.stringify), on hostile bytes:
// random bytes, broken UTF-8, control characters, quotes and backslashes, U+2028, characters
// split across chunks, secrets at chunk and batch bounds, pieces at every offset and alignment.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { castEvent, CastDecoder } from '../../../src/main/core/export/asciicast'
import { MASK, Redactor } from '../../../src/main/core/export/redact'
import { FIRST_FREE, JsonEscaper } from '../../../src/main/core/export/jsonEscapeSimd'
import { ByteStreamRedactor, MAX_SIMD_WINDOW } from '../../../src/main/core/export/redactBytes'
import { StreamRedactor } from '../../../src/main/core/export/redactStream'
import { buildFixture, type Fixture } from './fixture'

/** What JSON.stringify writes inside the quotes for the bytes read as latin1 (the old path). */
const reference = (bytes: Uint8Array): Buffer =>
  Buffer.from(JSON.stringify(Buffer.from(bytes).toString('latin1')).slice(1, -1), 'latin1')

const NASTY = [
  'password=hunter2',
  'PGPASSWORD=x',
  'token: ',
  'API_KEY',
  '://',
  '\u2028',
  '\u2029',
  '"',
  '\\',
  '\x1b[0m',
  '\r\n',
  '\x00',
  '\x7f',
  '決済',
  '😀',
].map((s) => [...Buffer.from(s)])

/** Bytes with what JSON escapes and the trigger words in them, and broken UTF-8. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 9 }),
      fc.array(fc.integer({ min: 0, max: 0x22 }), { minLength: 1, maxLength: 5 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Uint8Array.from(parts.flat()))

const redactors = {
  'built-in rules': new Redactor({}),
  // A team pattern has no trigger words: its rule always runs, the scan only escapes.
  'a team pattern': new Redactor({ patterns: [{ name: 't', pattern: 'TCK-[0-9]{6}' }] }),
  // A stored secret that is not ASCII: no byte table at all.
  'a non-ASCII stored secret': new Redactor({ knownSecrets: ['パスワード1234'] }),
}

describe('trigger scan with JSON escaping', () => {
  it.each(Object.entries(redactors))(
    '%s: finds what the plain scan finds and escapes every piece as JSON.stringify does',
    (_name, redactor) => {
      fc.assert(
        fc.property(
          hostile,
          fc.array(fc.nat(), { maxLength: 8 }),
          fc.integer({ min: 0, max: 3 }),
          (bytes, marks, shift) => {
            // Read from every alignment: the scan reads four bytes at a time.
            const moved = Buffer.alloc(bytes.length + shift)
            moved.set(bytes, shift)
            const view = moved.subarray(shift)
            const cuts = marks.map((m) => m % (bytes.length + 1)).sort((a, b) => a - b)
            if (cuts.length === 0) cuts.push(0, bytes.length)
            const from = cuts[0] as number
            const to = cuts[cuts.length - 1] as number
            const out = Buffer.alloc(6 * (to - from) + 8)
            const job = { cuts, out, ends: [] as number[] }
            expect(redactor.mayMatchBytesEscaping(view, job)).toEqual(redactor.mayMatchBytes(view))
            expect(job.ends).toHaveLength(cuts.length)
            expect(job.ends[0]).toBe(0)
            for (let k = 0; k + 1 < cuts.length; k++)
              expect(out.subarray(job.ends[k], job.ends[k + 1])).toEqual(
                reference(view.subarray(cuts[k], cuts[k + 1])),
              )
          },
        ),
        { numRuns: 1500 },
      )
    },
  )

  it('escapes every byte value at every offset of a word', () => {
    const r = new Redactor({})
    for (let b = 0; b < 256; b++)
      for (let at = 0; at < 12; at++) {
        const bytes = Buffer.alloc(24, 0x61)
        bytes[at] = b
        const job = { cuts: [1, 5, 6, 23], out: Buffer.alloc(200), ends: [] as number[] }
        r.mayMatchBytesEscaping(bytes, job)
        for (let k = 0; k < 3; k++)
          expect(job.out.subarray(job.ends[k], job.ends[k + 1])).toEqual(
            reference(bytes.subarray(job.cuts[k], job.cuts[k + 1])),
          )
      }
  })
})

describe('SIMD escaper', () => {
  it('runs here, and escapes every byte value at every place in and after a 16-byte block', () => {
    const escaper = JsonEscaper.create()
    expect(escaper).not.toBeNull()
    if (!escaper) return
    for (let length = 0; length <= 40; length++)
      for (let at = 0; at < Math.max(1, length); at++)
        for (const b of [0x00, 0x08, 0x1b, 0x1f, 0x20, 0x22, 0x5c, 0x7f, 0x80, 0xe2, 0xff]) {
          const bytes = Buffer.alloc(length, 0x61)
          if (length) bytes[at] = b
          const memory = escaper.view(FIRST_FREE + 8 * length + 64)
          memory.set(bytes, FIRST_FREE + 3)
          const dst = FIRST_FREE + length + 32
          const n = escaper.escape(FIRST_FREE + 3, length, dst)
          expect(Buffer.from(memory.subarray(dst, dst + n))).toEqual(reference(bytes))
        }
  })

  it('escapes hostile bytes as JSON.stringify does, the memory grown as needed', () => {
    const escaper = JsonEscaper.create()
    if (!escaper) throw new Error('no WebAssembly SIMD')
    fc.assert(
      fc.property(hostile, fc.integer({ min: 0, max: 200_000 }), (bytes, far) => {
        const src = FIRST_FREE + far
        const dst = src + bytes.length + 5
        const memory = escaper.view(dst + 6 * bytes.length + 8)
        memory.set(bytes, src)
        const n = escaper.escape(src, bytes.length, dst)
        expect(Buffer.from(memory.subarray(dst, dst + n))).toEqual(reference(bytes))
      }),
      { numRuns: 300 },
    )
  })
})

describe('byte stream redaction with JSON text', () => {
  it('judges as without it, and gives each piece as JSON string text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hostile, fc.constantFrom('o', 'i', 'r')), { maxLength: 25 }),
        fc.constantFrom(1, 16, 100),
        (parts, batch) => {
          const plain = new ByteStreamRedactor<number>(new Redactor({}), batch)
          const plainJs = new ByteStreamRedactor<number>(new Redactor({}), batch, false, false)
          const json = new ByteStreamRedactor<number>(new Redactor({}), batch, true)
          const js = new ByteStreamRedactor<number>(new Redactor({}), batch, true, false)
          const chunks = parts.map(([bytes, dir]) => ({ bytes: Buffer.from(bytes), dir }))
          const run = (s: ByteStreamRedactor<number>) =>
            [...chunks.flatMap((c, i) => s.push(c.bytes, c.dir, i)), ...s.flush()].map((c) => ({
              ...c,
              // Copied: valid until the next push.
              json: c.json && Buffer.from(c.json),
            }))
          const a = run(plain)
          // Scanned in WebAssembly and in JavaScript: judged the same.
          expect(a).toEqual(run(plainJs))
          // With the SIMD escaper, and escaped in JavaScript (where WebAssembly cannot run).
          for (const b of [run(json), run(js)]) {
            expect(b.map(({ json: _j, ...rest }) => rest)).toEqual(a.map(({ json: _j, ...r }) => r))
            for (const c of b) expect(c.json).toEqual(reference(c.piece))
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('a window too long for the WebAssembly memory', () => {
  it('is judged and escaped by the JavaScript loops, secrets masked', () => {
    const line = Buffer.from('2024/01/20 [error] upstream "q" \\ 決済API\x1b[0m\r\n')
    const big = Buffer.alloc(MAX_SIMD_WINDOW + 5000)
    for (let at = 0; at < big.length; at += line.length) line.copy(big, at)
    const secret = Buffer.from('\nPGPASSWORD=Zq7xW2pL9mK4 \n')
    secret.copy(big, big.length - 3000)
    for (const json of [true, false]) {
      const r = new Redactor({})
      const scans = vi.spyOn(r, json ? 'mayMatchBytesEscaping' : 'mayMatchBytes')
      const s = new ByteStreamRedactor<number>(r, undefined, json)
      const out = [
        ...s.push(Buffer.from('before '), 'o', 0),
        ...s.push(big, 'o', 1),
        ...s.push(Buffer.from(' after'), 'o', 2),
        ...s.flush(),
      ]
      expect(out.map((c) => c.tag)).toEqual([0, 1, 2])
      const masked = out[1]?.masked?.text ?? ''
      expect(masked).toContain(`PGPASSWORD=${MASK}`)
      expect(masked).not.toContain('Zq7xW2pL9mK4')
      if (json) expect(out[0]?.json).toEqual(reference(Buffer.from('before ')))
      // The long window went to the JavaScript scan (the short one before it did not).
      expect(scans.mock.calls.map(([bytes]) => bytes.length > MAX_SIMD_WINDOW)).toEqual([true])
      s.close()
    }
  })
})

describe('WebAssembly memories of streams', () => {
  it('streams alive at once keep their own; a closed stream’s goes to the next, and it stops', () => {
    const r = new Redactor({})
    const line = (i: number, fill: string) =>
      Buffer.from(`line ${i} "q" \\ 決済API\x1b[0m ${fill.repeat(i * 37)}\r\n`)
    const valid = (chunks: ReturnType<ByteStreamRedactor<number>['flush']>) => {
      for (const c of chunks) if (c.json) expect(c.json).toEqual(reference(c.piece))
    }
    // Two at once, interleaved, judged every 64 bytes: the views one gave stay valid while the
    // other judges (each has its own memory).
    const a = new ByteStreamRedactor<number>(r, 64, true)
    const b = new ByteStreamRedactor<number>(r, 64, true)
    let judged = 0
    for (let i = 0; i < 40; i++) {
      const fromA = a.push(line(i, 'y'), 'o', i)
      const fromB = b.push(line(i, 'z'), 'o', i)
      valid(fromA)
      valid(fromB)
      judged += fromA.length
    }
    const last = a.flush()
    valid(b.flush())
    valid(last)
    expect(judged).toBeGreaterThan(10)
    const view = last.find((c) => c.json && c.json.length > 100)?.json
    if (!view) throw new Error('no view to watch')
    const before = Buffer.from(view)
    a.close()
    b.close()
    expect(() => a.push(Buffer.from('x'), 'o', 0)).toThrow(/after close/)
    expect(() => a.flush()).toThrow(/after close/)
    // The next stream takes the memory given back: a's old view now shows its bytes.
    const c = new ByteStreamRedactor<number>(r, 64, true)
    for (let i = 0; i < 40; i++) valid(c.push(line(i, 'w'), 'o', i))
    valid(c.flush())
    expect(Buffer.from(view)).not.toEqual(before)
    c.close()
  })
})

describe('a WebAssembly memory given back', () => {
  it('is dropped after a while: the next stream gets a new one', () => {
    vi.useFakeTimers()
    try {
      const r = new Redactor({})
      const run = (fill: string) => {
        const s = new ByteStreamRedactor<number>(r, 64, true)
        const out = [...s.push(Buffer.from(`${fill.repeat(300)} "q"\r\n`), 'o', 0), ...s.flush()]
        s.close()
        const view = out.find((c) => c.json && c.json.length > 100)?.json
        if (!view) throw new Error('no view to watch')
        return view
      }
      const first = run('a')
      const seen = Buffer.from(first)
      vi.advanceTimersByTime(29_000)
      run('b')
      // Still kept: the second stream wrote over the first one's memory.
      expect(Buffer.from(first)).not.toEqual(seen)
      const second = run('c')
      const kept = Buffer.from(second)
      vi.advanceTimersByTime(30_001)
      run('d')
      // Dropped: the fourth stream had a memory of its own.
      expect(Buffer.from(second)).toEqual(kept)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('asciicast export', () => {
  let fx: Fixture | null = null
  afterEach(() => {
    fx?.core.close()
    fx = null
  })

  it('writes byte for byte what the text path writes, on hostile bytes over several batches', async () => {
    fx = buildFixture({ secrets: false })
    const store = fx.core.data.require()
    const start = fx.clock.now
    const sessionId = 'session-hostile'
    store.db
      .prepare(
        `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
         VALUES (?, ?, NULL, 'local', 'hostile', 80, 24, ?, ?, 0)`,
      )
      .run(sessionId, fx.incident.id, start, start + 60_000)
    // ~2.4 MB (more than two 1 MB batches) in chunks of varied sizes: clean text cut anywhere,
    // then hostile bytes (a fixed sequence), and a secret near every 200 KB.
    let seed = 20
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const text = Buffer.from(
      '2024/01/20 14:02:11 [error] upstream timed out 決済API "q" \\ \t\x1b[31m\r\n'.repeat(14_000),
    )
    const secret = '\nPGPASSWORD=Zq7xW2pL9mK4 '
    const insert = store.db.prepare(
      'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
    )
    const chunks: { at: number; dir: 'o' | 'i' | 'r'; bytes: Buffer }[] = []
    let at = 0
    let written = 0
    for (let i = 0; written < 2.4 * 1024 * 1024; i++) {
      const size = random(2400)
      const nasty = Array.from({ length: random(6) }, () =>
        random(3) === 0
          ? Buffer.from(Array.from({ length: 1 + random(4) }, () => random(256)))
          : Buffer.from(NASTY[random(NASTY.length)] as number[]),
      )
      const plantSecret = Math.floor((written + size) / 200_000) > Math.floor(written / 200_000)
      const piece = Buffer.concat([
        text.subarray(at, at + size),
        ...nasty,
        plantSecret ? Buffer.from(secret) : Buffer.alloc(0),
      ])
      at = (at + size) % (text.length - 3000)
      written += piece.length
      const dir = i % 7 === 3 ? 'i' : 'o'
      chunks.push({ at: start + i * 10, dir, bytes: piece })
      insert.run(sessionId, start + i * 10, dir, piece)
    }

    const result = await fx.core.exports().service.run({
      incidentId: fx.incident.id,
      format: 'asciicast',
      sessionId,
      lang: 'en',
      patterns: [],
      inline: false,
    })
    const lines = readFileSync(result.files[0]!.path, 'utf8').split('\n')

    // The text path: each chunk's text from its direction's streaming decoder, masked by the
    // text redactor with the text around it, written with JSON.stringify.
    const clock = new CastDecoder(start)
    const texts = new StreamRedactor<(typeof chunks)[number]>(new Redactor({}))
    const expected: string[] = []
    for (const r of [
      ...chunks.flatMap((c) => texts.push(clock.text(toRecord(c)), c)),
      ...texts.flush(),
    ])
      if (r.text !== '') expected.push(castEvent(clock.seconds(r.tag.at), r.tag.dir, r.text))
    expect(lines.slice(1).join('\n')).toBe(expected.join(''))
    expect(expected.join('')).toContain(MASK)
    expect(expected.join('')).not.toContain('Zq7xW2pL9mK4')
  })
})

function toRecord(c: { at: number; dir: 'o' | 'i' | 'r'; bytes: Buffer }) {
  return { id: 0, at: c.at, direction: c.dir, data: c.bytes }
}
