// Bytes as JSON string text (jsonBytes.ts) in WebAssembly SIMD: sixteen bytes per step are
// compared with the three things JSON escapes (below 0x20, the quote, the backslash) and, when
// none is there, stored as they are; a block with one is written byte by byte from the table of
// JSON forms: ~11 ms per 50 MB of the export bench's transcript against ~46 for the best
// JavaScript loop (castBytes.test.ts holds it to JSON.stringify byte for byte). The same module
// scans the bytes for where redaction trigger words may start (scan, below), in the same memory:
// the batch's window is gathered there once for both. The module is a few hundred bytes,
// written out below instruction by instruction (no toolchain, nothing downloaded); V8 validates
// it when it is compiled, and where WebAssembly or its SIMD is missing (a --jitless process)
// JsonEscaper.create() gives null and the export scans and escapes in JavaScript.
import { JSON_FORMS } from './jsonBytes'
import type { SimdTriggerTable } from './redact'

const uleb = (n: number): number[] => {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n) b |= 0x80
    out.push(b)
  } while (n)
  return out
}
const sleb = (n: number): number[] => {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b]
    out.push(b | 0x80)
  }
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')]

// The instructions used (WebAssembly core spec, binary format; SIMD ops after the 0xFD prefix).
const get = (i: number): number[] => [0x20, ...uleb(i)]
const set = (i: number): number[] => [0x21, ...uleb(i)]
const i32 = (n: number): number[] => [0x41, ...sleb(n)]
const ADD = [0x6a]
const SUB = [0x6b]
const SHL = [0x74]
const LT_U = [0x49]
const EQZ = [0x45]
const LOAD8 = [0x2d, 0, 0] // i32.load8_u, align 1, offset 0
const load8At = (offset: number): number[] => [0x2d, 0, ...uleb(offset)]
const load16At = (offset: number): number[] => [0x2f, 0, ...uleb(offset)] // i32.load16_u
const STORE = [0x36, 0, 0] // i32.store, unaligned
const AND = [0x71]
const CTZ = [0x68]
const I64_LOAD = [0x29, 0, 0] // i64.load, unaligned
const I64_STORE = [0x37, 0, 0]
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm]
const V128_LOAD = simd(0x00, 0, 0)
const V128_STORE = simd(0x0b, 0, 0)
const SPLAT = simd(0x0f) // i8x16.splat
const EQ = simd(0x23) // i8x16.eq
const LT_U8 = simd(0x26) // i8x16.lt_u
const OR = simd(0x50) // v128.or
const ANY_TRUE = simd(0x53) // v128.any_true
const v128At = (offset: number): number[] => simd(0x00, 0, ...uleb(offset))
const SWIZZLE = simd(0x0e) // i8x16.swizzle
const V_AND = simd(0x4e) // v128.and
const SHR_U8 = simd(0x6d) // i8x16.shr_u
const NE = simd(0x24) // i8x16.ne
const BITMASK = simd(0x64) // i8x16.bitmask
const vConst = (byte: number): number[] => [0xfd, 0x0c, ...Array<number>(16).fill(byte)]
const BLOCK = [0x02, 0x40]
const LOOP = [0x03, 0x40]
const IF = [0x04, 0x40]
const ELSE = [0x05]
const END = [0x0b]
const br = (depth: number): number[] => [0x0c, depth]
const brIf = (depth: number): number[] => [0x0d, depth]

/** Where the table of JSON forms sits in the module's memory. */
const FORMS = 0
/** The scan's nibble masks: per byte of a word's first three, a low- and a high-nibble table. */
const MASKS = 2048
/** The scan's pair table: by two bytes read as a little-endian 16-bit number, 1 + their group. */
const PAIRS = 4096
/** Where the caller's bytes may start (after the tables; the scan's thirds table goes here). */
export const FIRST_FREE = PAIRS + 2 * 65536
const PAGE = 65536

// escape(src, len, dst) -> bytes written at dst. Locals: 0 src, 1 len, 2 dst, 3 end, 4 out,
// 5 the byte's row in FORMS, 6 sixteen bytes.
/** One byte: its eight-byte row of FORMS stored at out (the form and slack), out += its length. */
const oneByte = [
  ...get(0),
  ...LOAD8,
  ...i32(3),
  ...SHL,
  ...set(5),
  ...get(4),
  ...get(5),
  ...I64_LOAD,
  ...I64_STORE,
  ...get(4),
  ...get(5),
  ...i32(FORMS + 7),
  ...ADD,
  ...LOAD8,
  ...ADD,
  ...set(4),
  ...get(0),
  ...i32(1),
  ...ADD,
  ...set(0),
]
const splatIs = (op: number[], byte: number): number[] => [...get(6), ...i32(byte), ...SPLAT, ...op]
const body = [
  ...get(2),
  ...set(4),
  ...get(0),
  ...get(1),
  ...ADD,
  ...set(3),
  // Sixteen bytes at a time while sixteen are left.
  ...BLOCK,
  ...LOOP,
  ...get(3),
  ...get(0),
  ...SUB,
  ...i32(16),
  ...LT_U,
  ...brIf(1),
  ...get(0),
  ...V128_LOAD,
  ...set(6),
  ...splatIs(LT_U8, 0x20),
  ...splatIs(EQ, 0x22),
  ...OR,
  ...splatIs(EQ, 0x5c),
  ...OR,
  ...ANY_TRUE,
  ...IF,
  ...Array.from({ length: 16 }, () => oneByte).flat(),
  ...ELSE,
  ...get(4),
  ...get(6),
  ...V128_STORE,
  ...get(4),
  ...i32(16),
  ...ADD,
  ...set(4),
  ...get(0),
  ...i32(16),
  ...ADD,
  ...set(0),
  ...END,
  ...br(0),
  ...END,
  ...END,
  // The last few bytes one by one.
  ...BLOCK,
  ...LOOP,
  ...get(0),
  ...get(3),
  ...LT_U,
  ...EQZ,
  ...brIf(1),
  ...oneByte,
  ...br(0),
  ...END,
  ...END,
  ...get(4),
  ...get(2),
  ...SUB,
]
const code = [
  ...vec([
    [3, 0x7f],
    [1, 0x7b],
  ]),
  ...body,
  ...END,
]

// scan(from, to, out, thirds) -> where out ends. Every place p in [from, to - 3] whose three bytes
// start a trigger word (ignoring ASCII case) is written at out as an int32, p - from. Sixteen
// places per step: each of the three bytes at each place is looked up in its nibble masks (a
// bit per bucket of words: the place passes when a bucket has all three, as Hyperscan's Teddy
// matches), and only a place that passes is looked up exactly, in the pair table and the row of
// thirds it gives (ByteTable.pairs and .thirds); the last places one by one. Reads stay in
// [from, to): the three loads of a step end at byte p + 17 < to.
// Locals: 0 from, 1 to, 2 out, 3 thirds, 4 s, 5 mask, 6 p, 7-12 the masks, 13 the step's bits.
/** The place in local 6: its offset stored at out, and out moved on when its three bytes match. */
const checkPlace = [
  ...get(2),
  ...get(6),
  ...get(0),
  ...SUB,
  ...STORE,
  ...get(2),
  ...get(3),
  ...get(6),
  ...load16At(0),
  ...i32(1),
  ...SHL,
  ...load16At(PAIRS),
  ...i32(8),
  ...SHL,
  ...ADD,
  ...get(6),
  ...load8At(2),
  ...ADD,
  ...LOAD8,
  ...i32(2),
  ...SHL,
  ...ADD,
  ...set(2),
]
/** The bucket bits of the sixteen bytes at s + j: masks lo[b & 15] & hi[b >> 4]. */
const classes = (j: number): number[] => [
  ...get(7 + 2 * j),
  ...get(4),
  ...v128At(j),
  ...vConst(0x0f),
  ...V_AND,
  ...SWIZZLE,
  ...get(8 + 2 * j),
  ...get(4),
  ...v128At(j),
  ...i32(4),
  ...SHR_U8,
  ...SWIZZLE,
  ...V_AND,
]
const scanBody = [
  ...[0, 1, 2, 3, 4, 5].flatMap((k) => [...i32(0), ...v128At(MASKS + 16 * k), ...set(7 + k)]),
  ...get(0),
  ...set(4),
  ...BLOCK,
  ...LOOP,
  // Sixteen places while their three loads stay before `to`: to - s >= 18.
  ...get(1),
  ...get(4),
  ...SUB,
  ...i32(18),
  ...LT_U,
  ...brIf(1),
  ...classes(0),
  ...classes(1),
  ...V_AND,
  ...classes(2),
  ...V_AND,
  ...[0x22, ...uleb(13)], // local.tee
  ...ANY_TRUE,
  ...IF,
  ...get(13),
  ...vConst(0),
  ...NE,
  ...BITMASK,
  ...set(5),
  ...BLOCK,
  ...LOOP,
  ...get(5),
  ...EQZ,
  ...brIf(1),
  ...get(4),
  ...get(5),
  ...CTZ,
  ...ADD,
  ...set(6),
  ...checkPlace,
  ...get(5),
  ...get(5),
  ...i32(1),
  ...SUB,
  ...AND,
  ...set(5),
  ...br(0),
  ...END,
  ...END,
  ...END,
  ...get(4),
  ...i32(16),
  ...ADD,
  ...set(4),
  ...br(0),
  ...END,
  ...END,
  // The last places one by one, while three bytes are left.
  ...BLOCK,
  ...LOOP,
  ...get(1),
  ...get(4),
  ...SUB,
  ...i32(3),
  ...LT_U,
  ...brIf(1),
  ...get(4),
  ...set(6),
  ...checkPlace,
  ...get(4),
  ...i32(1),
  ...ADD,
  ...set(4),
  ...br(0),
  ...END,
  ...END,
  ...get(2),
]
const scanCode = [
  ...vec([
    [3, 0x7f],
    [7, 0x7b],
  ]),
  ...scanBody,
  ...END,
]

/** The module's bytes: two functions, escape and scan, and their memory, exported. */
export const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
  ...section(
    1,
    vec([
      [0x60, ...vec([[0x7f], [0x7f], [0x7f]]), ...vec([[0x7f]])],
      [0x60, ...vec([[0x7f], [0x7f], [0x7f], [0x7f]]), ...vec([[0x7f]])],
    ]),
  ),
  ...section(3, vec([[0], [1]])),
  ...section(5, vec([[0x00, 1]])),
  ...section(
    7,
    vec([
      [...name('escape'), 0x00, 0],
      [...name('scan'), 0x00, 1],
      [...name('memory'), 0x02, 0],
    ]),
  ),
  ...section(
    10,
    vec([
      [...uleb(code.length), ...code],
      [...uleb(scanCode.length), ...scanCode],
    ]),
  ),
])

/** What is used of the WebAssembly API (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly

let compiled: object | null | undefined

/**
 * Escapers given back, for the next stream: one is kept (the exports of a process rarely run at
 * once), so at most one memory of a few MB stays after an export, and for KEEP_FOR_MS only.
 */
const KEEP = 1
const released: JsonEscaper[] = []
/** How long a memory given back is kept for the next stream (the next export soon after). */
const KEEP_FOR_MS = 30_000
let dropReleased: ReturnType<typeof setTimeout> | null = null

type Run = (a: number, b: number, c: number, d?: number) => number

/**
 * Bytes in a memory of their own, escaped there and scanned there for trigger words: one per
 * byte stream (per session).
 */
export class JsonEscaper {
  private bytes: Uint8Array
  /** The trigger table loaded for scan(), and where the memory is free after its thirds. */
  private table: SimdTriggerTable | null = null
  private free = FIRST_FREE

  private constructor(
    private readonly memory: WasmMemory,
    private readonly run: Run,
    private readonly runScan: Run,
  ) {
    this.bytes = new Uint8Array(memory.buffer)
    this.bytes.set(JSON_FORMS, FORMS)
  }

  /** An escaper, or null where WebAssembly SIMD cannot run. */
  static create(): JsonEscaper | null {
    if (compiled === undefined) {
      try {
        compiled = wasm ? new wasm.Module(MODULE) : null
      } catch {
        compiled = null
      }
    }
    if (!compiled || !wasm) return null
    const exports = new wasm.Instance(compiled, {}).exports
    return new JsonEscaper(exports.memory as WasmMemory, exports.escape as Run, exports.scan as Run)
  }

  /**
   * An escaper from those given back (its memory already grown and its pages touched: a new one
   * per session grew and zeroed ~6 MB each time), or a new one; null where WebAssembly SIMD
   * cannot run. Give it back with release() when its views are no longer read.
   */
  static acquire(): JsonEscaper | null {
    if (dropReleased) clearTimeout(dropReleased)
    dropReleased = null
    return released.pop() ?? JsonEscaper.create()
  }

  /** Gives this escaper back for the next acquire(); its memory is then another's to write. */
  release(): void {
    if (released.length < KEEP && !released.includes(this)) released.push(this)
    if (dropReleased) clearTimeout(dropReleased)
    dropReleased = setTimeout(() => (released.length = 0), KEEP_FOR_MS)
    dropReleased.unref?.()
  }

  /**
   * The memory as bytes, with room up to `end` (grown if needed). A view taken before a call
   * that grows the memory is no longer usable: take it again.
   */
  view(end: number): Uint8Array {
    if (end > this.bytes.length) {
      this.memory.grow(Math.ceil((end - this.bytes.length) / PAGE))
      this.bytes = new Uint8Array(this.memory.buffer)
    }
    return this.bytes
  }

  /**
   * Writes bytes [src, src + len) of the memory as JSON string text at dst; returns its length.
   * dst must have room for MAX_ESCAPED bytes per byte and 8 more (each byte is written as its
   * eight-byte row of the table, the next one over its slack).
   */
  escape(src: number, len: number, dst: number): number {
    return this.run(src, len, dst)
  }

  /**
   * Loads a trigger table for scan() (grows the memory: take views again); returns where the
   * memory is free after it, 16-byte aligned.
   */
  load(table: SimdTriggerTable): number {
    if (table === this.table) return this.free
    const end = FIRST_FREE + table.thirds.length
    const bytes = this.view(end)
    bytes.set(table.masks, MASKS)
    bytes.set(table.pairs, PAIRS)
    bytes.set(table.thirds, FIRST_FREE)
    this.table = table
    this.free = end + 15 - ((end + 15) % 16)
    return this.free
  }

  /** Where the memory is free for the caller's bytes (after a loaded table). */
  get firstFree(): number {
    return this.free
  }

  /**
   * Where a word of `table` may start in the memory's bytes [from, from + len): every offset
   * from `from` whose three bytes begin a word, ignoring ASCII case (those TriggerScan's
   * JavaScript scan finds), written at `out` (4-aligned, with room for 4 * len + 4 bytes and
   * not overlapping the bytes). Null when `table` is not the one loaded: the caller scans in
   * JavaScript.
   */
  starts(table: SimdTriggerTable, from: number, len: number, out: number): Int32Array | null {
    const room = out + 4 * len + 4
    if (table !== this.table || out % 4 !== 0 || room > this.bytes.length) return null
    if (out < from + len && room > from) return null
    const end = this.runScan(from, from + len, out, FIRST_FREE)
    return new Int32Array(this.memory.buffer, out, (end - out) >> 2)
  }
}
