// The trigger-word scan in WebAssembly (JsonEscaper.starts, jsonEscapeSimd.ts) decides which
// redaction rules run on a transcript's bytes: it must find exactly the places the JavaScript
// scan finds (every place whose three bytes start a trigger word, ignoring ASCII case), so the
// redactor judges the same either way, on random and adversarial bytes, at every place in and
// after its 16-byte steps, from any address, and never reading past the bytes it was given.
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { builtInRules, Redactor } from '../../../src/main/core/export/redact'
import { JsonEscaper } from '../../../src/main/core/export/jsonEscapeSimd'
import { ByteStreamRedactor } from '../../../src/main/core/export/redactBytes'
import { StreamRedactor } from '../../../src/main/core/export/redactStream'

const SECRET = 'Zq7xW2pL9mK4'
const redactors = {
  'built-in rules': new Redactor({}),
  'a stored secret and a team pattern': new Redactor({
    knownSecrets: [SECRET, 'hunter2-very-long'],
    patterns: [{ name: 't', pattern: 'TCK-[0-9]{6}' }],
  }),
}

/** Every trigger word of a redactor's rules, lower case (what the scan looks for). */
function wordsOf(name: keyof typeof redactors): string[] {
  const words = builtInRules.flatMap((r) => r.triggers ?? [])
  if (name !== 'built-in rules') words.push(SECRET, 'hunter2-very-long')
  return [...new Set(words.map((w) => w.toLowerCase()))]
}

/** The places the scan must find, read the plain way: three bytes, lower-cased, a word's start. */
function bruteStarts(bytes: Uint8Array, words: readonly string[]): number[] {
  const prefixes = new Set(words.map((w) => w.slice(0, 3)))
  const out: number[] = []
  for (let p = 0; p + 3 <= bytes.length; p++)
    if (
      prefixes.has(
        Buffer.from(bytes.subarray(p, p + 3))
          .toString('latin1')
          .toLowerCase(),
      )
    )
      out.push(p)
  return out
}

const recase = (s: string, mask: number): string =>
  [...s].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('')

/** Trigger words (recased, cut short, glued), runs of one byte, random bytes, non-ASCII text. */
const hostile = (words: readonly string[]) =>
  fc
    .array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...words), fc.nat(), fc.integer({ min: 1, max: 40 }))
          .map(([w, mask, keep]) => [...Buffer.from(recase(w, mask).slice(0, keep), 'latin1')]),
        fc.constantFrom(
          ...['---------------', 'aaaaaaaaaaaaaaaa', 'API', '決済APIの', '😀', '\x00', ' '].map(
            (s) => [...Buffer.from(s)],
          ),
        ),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 20 }),
        // Bytes whose nibbles are those of the words' letters in other places.
        fc.array(fc.constantFrom(0x41, 0x50, 0x61, 0x70, 0x2d, 0x3a, 0x5f, 0xe1, 0xc1), {
          minLength: 1,
          maxLength: 20,
        }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => Uint8Array.from(parts.flat()))

/** One memory per redactor, with its table loaded (made once: loading copies 130 KB). */
const memories = new Map<Redactor, { escaper: JsonEscaper; free: number }>()

/** An escaper with `r`'s table loaded, the bytes placed `shift` bytes after its free memory. */
function placed(r: Redactor, bytes: Uint8Array, shift: number, after = Uint8Array.of()) {
  const table = r.simdTable()
  if (!table) throw new Error('no trigger table')
  let made = memories.get(r)
  if (!made) {
    const escaper = JsonEscaper.create()
    if (!escaper) throw new Error('no WebAssembly SIMD here')
    made = { escaper, free: escaper.load(table) }
    memories.set(r, made)
  }
  const { escaper } = made
  const at = made.free + shift
  const out = at + bytes.length + after.length + 64 - ((at + bytes.length + after.length) % 4)
  const memory = escaper.view(out + 4 * bytes.length + 64)
  memory.set(bytes, at)
  memory.set(after, at + bytes.length)
  const view = Buffer.from(memory.buffer, at, bytes.length)
  return { escaper, table, at, out, view }
}

describe('trigger scan in WebAssembly', () => {
  it('runs here (the export uses it), with a table for the built-in rules', () => {
    expect(JsonEscaper.create()).not.toBeNull()
    expect(new Redactor({}).simdTable()).not.toBeNull()
    // A stored secret that is not ASCII has no trigger word (its rule always runs): the table
    // still holds the other rules' words.
    expect(new Redactor({ knownSecrets: ['パスワード1234'] }).simdTable()).not.toBeNull()
  })

  it.each(Object.keys(redactors) as (keyof typeof redactors)[])(
    '%s: finds exactly the places the plain reading finds, and judges as the JavaScript scan',
    (name) => {
      const r = redactors[name]
      const words = wordsOf(name)
      fc.assert(
        fc.property(hostile(words), fc.integer({ min: 0, max: 15 }), (bytes, shift) => {
          const { escaper, table, at, out, view } = placed(r, bytes, shift)
          const starts = escaper.starts(table, at, bytes.length, out)
          expect(starts).not.toBeNull()
          expect([...(starts ?? [])]).toEqual(bruteStarts(bytes, words))
          expect(
            r.mayMatchBytesFrom(view, (t) => escaper.starts(t, at, bytes.length, out)),
          ).toEqual(r.mayMatchBytes(Buffer.from(bytes)))
        }),
        { numRuns: 1500 },
      )
    },
  )

  it('finds every word in either case at every place in and after a 16-byte step', () => {
    const r = new Redactor({})
    const words = wordsOf('built-in rules')
    // Every place in two steps, the word ending at the bytes' end or 1, 2 or 17 bytes before.
    for (const w of words)
      for (let place = 0; place < 34; place++)
        for (const rest of [0, 1, 2, 17]) {
          const length = place + w.length + rest
          const bytes = Buffer.alloc(length, 0x78)
          bytes.write(place % 2 ? w.toUpperCase() : w, place, 'latin1')
          const { escaper, table, at, out, view } = placed(r, bytes, length % 16)
          expect([...(escaper.starts(table, at, length, out) ?? [])]).toEqual(
            bruteStarts(bytes, words),
          )
          const may = r.mayMatchBytesFrom(view, (t) => escaper.starts(t, at, length, out))
          expect(may).toEqual(r.mayMatchBytes(bytes))
          expect(may).not.toBeNull()
        }
  })

  it('reads nothing past the bytes it is given, nor before them', () => {
    const r = new Redactor({})
    for (let length = 0; length <= 40; length++)
      for (const cut of [1, 2]) {
        // "token" cut at the end of the bytes, its rest in the memory right after them, and a
        // word's start right before them: no place may start outside [at, at + length).
        const bytes = Buffer.alloc(length, 0x78)
        if (length >= cut) bytes.write('token'.slice(0, cut), length - cut, 'latin1')
        const { escaper, table, at, out, view } = placed(
          r,
          bytes,
          3,
          Buffer.from('token'.slice(cut)),
        )
        escaper.view(at)[at - 1] = 0x74 // "t" before the bytes, "ok…" could follow it
        const starts = escaper.starts(table, at, length, out)
        expect([...(starts ?? [])]).toEqual([])
        expect(r.mayMatchBytesFrom(view, (t) => escaper.starts(t, at, length, out))).toBeNull()
      }
  })

  it('falls back to the JavaScript scan when the WebAssembly one cannot run, never skipping it', () => {
    const r = new Redactor({})
    const bytes = Buffer.from('x PGPASSWORD=hunter22 y')
    // The scan gave nothing (no WebAssembly): the JavaScript scan still finds the word.
    expect(r.mayMatchBytesFrom(bytes, () => null)).toEqual(r.mayMatchBytes(bytes))
    expect(r.mayMatchBytesFrom(bytes, () => null)).not.toBeNull()
    // A memory loaded with another redactor's table refuses to scan for this one.
    const other = new Redactor({ knownSecrets: ['another-secret'] })
    const { escaper, at, out } = placed(other, bytes, 0)
    const table = r.simdTable()
    expect(table).not.toBeNull()
    if (table) expect(escaper.starts(table, at, bytes.length, out)).toBeNull()
    // Nor will it write its places over the bytes, or past its memory.
    const { escaper: e2, table: t2, at: a2 } = placed(r, bytes, 0)
    expect(e2.starts(t2, a2, bytes.length, a2)).toBeNull()
    expect(e2.starts(t2, a2, bytes.length, e2.view(0).length)).toBeNull()
  })

  it('a byte stream judged with it masks what the text redactor masks, across chunk and batch bounds', () => {
    const spy = vi.spyOn(JsonEscaper.prototype, 'starts')
    try {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.oneof(
                hostile(wordsOf('built-in rules')),
                fc
                  .constantFrom(
                    `\nPGPASSWORD=${SECRET}\n`,
                    '\npostgres://app:Vb3nQ8rT1yU6@db/x\n',
                    '\nAuthorization: Bearer Hj5kLm2Np8Qr4St6\n',
                  )
                  .map((s) => Uint8Array.from(Buffer.from(s))),
              ),
              fc.integer({ min: 1, max: 9 }),
            ),
            { maxLength: 20 },
          ),
          fc.constantFrom(1, 16, 64),
          (parts, batch) => {
            // Each part cut into pieces of `size` bytes: secrets straddle chunks and batches.
            const chunks: Buffer[] = []
            for (const [bytes, size] of parts)
              for (let i = 0; i < bytes.length; i += size)
                chunks.push(Buffer.from(bytes.subarray(i, i + size)))
            const run = (simd: boolean) => {
              const s = new ByteStreamRedactor<number>(new Redactor({}), batch, false, simd)
              return [...chunks.flatMap((c, i) => s.push(c, 'o', i)), ...s.flush()].map((c) => ({
                tag: c.tag,
                masked: c.masked,
                piece: Buffer.from(c.piece),
              }))
            }
            const wasm = run(true)
            expect(wasm).toEqual(run(false))
            // And as the text redactor over the streamed text.
            const decoder = new TextDecoder()
            const text = new StreamRedactor<number>(new Redactor({}))
            const texts = [
              ...chunks.flatMap((c, i) => text.push(decoder.decode(c, { stream: true }), i)),
              ...text.flush(),
            ].map((c) => c.text)
            expect(wasm.map((c) => c.masked?.text ?? new TextDecoder().decode(c.piece))).toEqual(
              texts,
            )
          },
        ),
        { numRuns: 200 },
      )
      // The WebAssembly scan ran, and gave its places (no silent fallback).
      expect(spy).toHaveBeenCalled()
      for (const r of spy.mock.results) expect(r.value).not.toBeNull()
    } finally {
      spy.mockRestore()
    }
  })
})
