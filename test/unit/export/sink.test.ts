// ExportSink gathers pieces into 1 MB buffers that are reused, across sinks too, once the stream
// has written them: a buffer must never be filled again while a stream still reads it, so files
// written at the same time, and one after another, hold exactly what was put in them.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ExportSink } from '../../../src/main/core/export/sink'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Pieces of a pattern that names its sink, of sizes across the 1 MB buffers and past them. */
function pieces(name: string, n: number): (string | Buffer)[] {
  return Array.from({ length: n }, (_, i) => {
    const size = [1, 700, 65_536, 300_001, 1_048_577][i % 5] as number
    return i % 2
      ? Buffer.alloc(size, `${name}${i}|`)
      : `${name}${i}:${'é'.repeat(size >> 3)}\n`.slice(0, size)
  })
}

describe('export sink', () => {
  it('writes files at once and one after another exactly, its buffers reused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sink-'))
    const expected = new Map<string, Buffer>()
    const write = async (names: string[]) => {
      const sinks = names.map((n) => new ExportSink(join(dir, n)))
      const all = names.map((n) => pieces(n, 40))
      for (let i = 0; i < 40; i++)
        for (const [k, sink] of sinks.entries()) await sink.write(all[k]![i]!)
      for (const [k, n] of names.entries())
        expected.set(
          n,
          Buffer.concat(all[k]!.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))),
        )
      for (const sink of sinks) await sink.commit()
    }
    await write(['a', 'b', 'c'])
    await write(['d'])
    await write(['e', 'f'])
    for (const [n, bytes] of expected) expect(readFileSync(join(dir, n)).equals(bytes)).toBe(true)
    expect(readdirSync(dir).sort()).toEqual([...expected.keys()].sort())
  })

  it('refuses pieces once closed, and an aborted sink leaves no file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sink-'))
    const done = new ExportSink(join(dir, 'done'))
    await done.write('x')
    await done.commit()
    expect(() => done.put('y')).toThrow(/after it was closed/)
    expect(() => done.putLatin1('y')).toThrow(/after it was closed/)
    expect(readFileSync(join(dir, 'done'), 'utf8')).toBe('x')
    const gone = new ExportSink(join(dir, 'gone'))
    await gone.write(Buffer.alloc(3_000_000, 1))
    await gone.abort()
    await gone.abort()
    expect(existsSync(join(dir, 'gone'))).toBe(false)
    expect(readdirSync(dir)).toEqual(['done'])
  })
})
