// Writes every byte in and out of every session to SQLite before any UI throttling. Chunks are
// gathered on the main thread and handed every `intervalMs` (or at `maxBytes`) to a writer
// thread with its own connection to the same file, which commits them in one transaction. The
// main thread only copies each chunk once, into a block of shared memory (SharedArrayBuffer),
// and four times a second posts the list of rows: views of those blocks, which cross to the
// thread without a copy and stay readable here until committed. (It used to keep the source's
// chunks, concatenate them into one buffer per row and post copies: two copies of every byte
// on the main thread, and the chunks aged by the collector while they waited.)
//
// Why a thread: committing on the main thread cost it most of a terminal flood. A CPU profile of
// the core with 16 panes running `yes` spent more time in the recorder's commits than in
// sending the bytes to the page (SQLite copying megabytes into WAL pages), and a keystroke for a
// quiet pane waited behind those commits; an SSH `cat` lost 5-40 % of its throughput to them.
//
// What a crash costs: a SIGKILL (or any crash) loses what was not committed yet, i.e. the last
// `intervalMs` of output plus the commit in progress — 250 ms by default, bounded in bytes by
// what arrived in that time — and, on Linux, whatever the writer fell behind by: it runs at a
// lower priority (WRITER_NICE), so while other work saturates the cores it commits later
// (bench sessions-ssh-recording reports how far behind it is when a flood ends). Commits skip the fsync (synchronous=NORMAL, as the search
// indexer's batches): once committed the bytes are in the WAL in the OS's hands, so a crash of
// Sitrep loses nothing committed; a power cut can lose what was committed since the last fsync,
// which the next durable timeline append or checkpoint makes.
//
// flush() is synchronous for its callers (a session ending, shutdown, tests): it hands over what
// is pending and waits (Atomics.wait on a shared counter) until the writer committed or failed.
// If a write fails (disk full), the writer keeps the rows and retries them with the next
// interval: nothing is dropped silently, and lastError says what failed.
//
// While the writer runs it is also the file's checkpointer, outside its commits and mostly after
// a burst rather than during it (WRITER_CHECKPOINTS).
//
// Where no thread can be started (an in-memory database, a worker refused), the same writes run
// on the main thread.
import type Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { DiskFullError } from '../errors'
import { guardWrite, isDiskFull } from '../store/writeGuard'

export type Direction = 'o' | 'i' | 'r'

/** The row being filled: consecutive chunks of one stream, copied into a block as they come. */
interface OpenRow {
  sessionId: string
  direction: Direction
  at: number
  start: number
  size: number
}

/** One transcript row as handed to the writer: a view of its bytes in a shared block. */
interface Row {
  sessionId: string
  direction: Direction
  at: number
  data: Uint8Array
}

export interface RecorderOptions {
  intervalMs: number
  maxBytes: number
  /** A row takes no more chunks once it holds this much; a long run becomes several rows. */
  rowBytes?: number
  /** Quiet time after which the writer checkpoints (WRITER_CHECKPOINTS.quietMs by default). */
  checkpointQuietMs?: number
}

/** At most 250 ms of output is in memory only: what a crash could cost (8 MB caps a burst). */
export const DEFAULT_RECORDING: RecorderOptions = {
  intervalMs: 250,
  maxBytes: 8 * 1024 * 1024,
  rowBytes: 64 * 1024,
}

/**
 * Chunks are copied into shared blocks of this size (a larger chunk gets a block of its own): a
 * few allocations per MB recorded, and a row never spans two blocks.
 */
const BLOCK_BYTES = 1024 * 1024

/** Spare blocks kept for reuse at most: one full hand-over (`maxBytes` by default). */
const SPARE_BLOCKS = 8

/**
 * How long spare blocks outlive the output that filled them. Output comes in bursts (a command's
 * output, a log scrolling by) a few seconds apart; a burst that finds no spare block pays the
 * page faults of fresh ones (the benchmark's 8 MB `cat`, 300 ms after the last, paid ~0.4 ms per
 * MB on the main thread when spares were dropped after one quiet interval).
 */
const SPARES_KEPT_MS = 10_000

/** How long flush() waits for the writer before giving up (the rows stay queued there). */
const FLUSH_WAIT_MS = 10_000

const INSERT = 'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)'

// Shared counters (Int32Array over a SharedArrayBuffer), written by the writer.
const COMMITTED = 0 // the last batch number committed
const FAILED = 1 // the last batch number whose commit failed
const COMMITS = 2 // commits made, for tests and benchmarks
const CHECKPOINTS = 3 // checkpoints that copied pages into the database file, the same
const SLOTS = 4

/**
 * When the writer checkpoints (copies the WAL's pages into the database file). SQLite's own
 * automatic checkpoint runs in whichever connection commits once the WAL holds 1000 pages (4 MB):
 * during a flood, every few commits of the writer, which then did about as much work again as
 * the commit itself (16 MB of rows: ~22 ms of CPU to commit, ~40 ms with those checkpoints, most
 * of the difference in the kernel writing and syncing the file) on the same two cores as sshd,
 * ssh2 and the main thread; and once in a while on the main thread, when its commit was the one
 * to cross the mark. While a writer thread is running it is the file's checkpointer instead:
 * - once output has been quiet for `quietMs` (a burst's pages are copied after the burst),
 * - at once when its commits since the last checkpoint reach `boundBytes` (a flood that does not
 *   stop still checkpoints, in fewer, larger steps, and the WAL stays bounded),
 * - every `everyMs` when quiet, for what the main connection committed (timeline appends,
 *   metrics) - a no-op when nothing is new.
 * The main connection keeps an automatic checkpoint only as a safety net (`mainPages`, well
 * above the writer's bound) while the thread runs, and gets SQLite's default back when the
 * recorder closes or its thread dies. Checkpoints play no part in durability: a commit is
 * whole in the WAL, and opening the file after a crash replays it whatever its size.
 */
export const WRITER_CHECKPOINTS = {
  quietMs: 500,
  boundBytes: 16 * 1024 * 1024,
  everyMs: 1000,
  mainPages: 16_384,
}

/**
 * How much lower the writer thread's priority is than the process's (Linux nice steps). Its work
 * can wait a little; sshd, ssh2 and the main thread forwarding the session's output cannot. At
 * +10 the kernel gives it about a tenth of a core the others also want, and a flood needs less
 * than that of it (~1.5 ms of CPU per MB, ~0.1 of a core at 60 MB/s); on an idle core it runs
 * at once. The benchmark reports how far behind it is when a flood ends (what a crash then
 * would lose).
 */
const WRITER_NICE = 10

/** SQLite's default automatic checkpoint (pages), given back to the main connection. */
const SQLITE_AUTOCHECKPOINT = 1000

type Reply =
  | { seq: number; ok: true }
  | { seq: number; ok: false; code: string; message: string; opened: boolean }

// The writer's source is inline and loads better-sqlite3 from the path the main thread resolved
// (as integrityCheck.ts does): the same code runs from the sources and from the built bundle.
const WRITER_SOURCE = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const state = new Int32Array(workerData.shared)
const port = workerData.port
const ckpt = workerData.checkpoints
// Linux: this thread alone gets a lower priority (setpriority takes a thread's id there, read
// from /proc/thread-self). Elsewhere Node has no per-thread priority (on macOS and Windows it
// would set the whole app's) and the writer runs at the process's own.
if (process.platform === 'linux') {
  try {
    const os = require('node:os')
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
    if (tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + workerData.nice))
  } catch {
    // No /proc, or not allowed: the writer keeps the process's priority.
  }
}
let db = null
let insert = null
let queue = []
let seq = 0
// Bytes this thread committed since its last checkpoint, and when it last committed rows.
let unbackfilled = 0
let lastRowsAt = 0
let quietTimer = null
let seen = ''
function checkpoint() {
  try {
    connect()
    // PASSIVE: copies what no reader still needs, never waits for one or blocks a writer.
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0]
    unbackfilled = 0
    // Counted when it copied something: the same answer again means nothing was new.
    const now = r ? r.log + ':' + r.checkpointed : ''
    if (r && r.checkpointed > 0 && now !== seen) Atomics.add(state, ${CHECKPOINTS}, 1)
    seen = now
  } catch {
    // Busy or a full disk: the pages stay in the WAL, whole, until the next try.
  }
}
function connect() {
  if (db) return
  const opened = new Database(workerData.path, { fileMustExist: true })
  opened.pragma('busy_timeout = 5000')
  opened.pragma('synchronous = NORMAL')
  opened.pragma('foreign_keys = ON')
  // This thread checkpoints when it chooses (see WRITER_CHECKPOINTS), not inside commits.
  opened.pragma('wal_autocheckpoint = 0')
  insert = opened.prepare(workerData.insert)
  db = opened
}
function write() {
  let due = false
  try {
    connect()
    if (queue.length > 0) {
      const rows = queue
      let bytes = 0
      db.transaction(() => {
        for (const r of rows) {
          insert.run(r.sessionId, r.at, r.direction, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength))
          bytes += r.data.byteLength
        }
      })()
      queue = []
      Atomics.add(state, ${COMMITS}, 1)
      unbackfilled += bytes
      lastRowsAt = Date.now()
      due = unbackfilled >= ckpt.boundBytes
      if (quietTimer) clearTimeout(quietTimer)
      quietTimer = setTimeout(() => {
        quietTimer = null
        checkpoint()
      }, ckpt.quietMs)
    }
    Atomics.store(state, ${COMMITTED}, seq)
    port.postMessage({ seq, ok: true })
  } catch (err) {
    Atomics.store(state, ${FAILED}, seq)
    port.postMessage({
      seq,
      ok: false,
      code: err && err.code ? String(err.code) : '',
      message: err && err.message ? String(err.message) : String(err),
      opened: db !== null,
    })
  }
  Atomics.notify(state, ${COMMITTED})
  // After the answer: a flush waiting for this commit does not wait for the checkpoint too.
  if (due) checkpoint()
}
port.on('message', (m) => {
  if (m.kind === 'rows') {
    for (const r of m.rows) queue.push(r)
    seq = m.seq
    write()
  } else {
    clearInterval(every)
    if (quietTimer) clearTimeout(quietTimer)
    if (db) db.close()
    port.close()
  }
})
// What the main connection committed, checkpointed here while output is quiet.
const every = setInterval(() => {
  if (Date.now() - lastRowsAt >= ckpt.quietMs) checkpoint()
}, ckpt.everyMs)
every.unref()
`

export class TranscriptRecorder {
  /** Rows complete and not yet handed over, and the one being filled (in `block`). */
  private pending: Row[] = []
  private open: OpenRow | null = null
  private pendingBytes = 0
  /** Where chunks are copied as they arrive: shared memory, so a row crosses without a copy. */
  private block = new Uint8Array(new SharedArrayBuffer(0))
  private blockUsed = 0
  private timer: ReturnType<typeof setInterval>
  private readonly state = new Int32Array(new SharedArrayBuffer(SLOTS * 4))
  private writer: { worker: Worker; port: MessagePort } | null = null
  /** Batches handed to the writer so far (the number of the last one). */
  private shipped = 0
  /** Rows handed to the writer and not yet committed, by batch: written here if it dies. */
  private readonly unconfirmed = new Map<number, Row[]>()
  /** Full blocks whose rows are not all handed over yet, then by the batch that hands them. */
  private retired: Uint8Array<SharedArrayBuffer>[] = []
  private readonly retiredBy = new Map<number, Uint8Array<SharedArrayBuffer>[]>()
  /** Blocks whose rows are all committed, for reuse; dropped after SPARES_KEPT_MS of quiet. */
  private spare: Uint8Array<SharedArrayBuffer>[] = []
  /** Hand-overs in a row that found nothing recorded. */
  private quiet = 0
  /** Main-thread writes only (no writer thread): rows kept after a failed write. */
  private unwritten: Row[] = []
  private readonly insert: Database.Statement
  /** The last write error, cleared by the next successful commit; shown to the responder. */
  lastError: Error | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly opts: RecorderOptions = DEFAULT_RECORDING,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(INSERT)
    const checkpoints = {
      ...WRITER_CHECKPOINTS,
      quietMs: opts.checkpointQuietMs ?? WRITER_CHECKPOINTS.quietMs,
    }
    if (!db.memory)
      this.writer = startWriter(path, this.state, checkpoints, () => this.writerDied())
    this.writer?.port.on('message', (m: Reply) => this.replied(m))
    // The writer is the file's checkpointer now; this connection's is only a safety net.
    if (this.writer) this.mainAutocheckpoint(WRITER_CHECKPOINTS.mainPages)
    this.timer = setInterval(() => this.ship(), opts.intervalMs)
    this.timer.unref?.()
  }

  /** Commits made so far (by the writer thread or on the main thread). */
  get commits(): number {
    return Atomics.load(this.state, COMMITS)
  }

  /** Checkpoints the writer thread made that copied pages into the database file. */
  get checkpoints(): number {
    return Atomics.load(this.state, CHECKPOINTS)
  }

  /** Whether commits run in a thread of their own (false: on the main thread). */
  get threaded(): boolean {
    return this.writer !== null
  }

  record(sessionId: string, direction: Direction, bytes: Uint8Array): void {
    const n = bytes.byteLength
    if (n === 0) return
    const open = this.open
    const room = this.block.byteLength - this.blockUsed
    // Consecutive chunks of the same stream merge into one row, stamped with the first's time.
    if (
      open &&
      open.sessionId === sessionId &&
      open.direction === direction &&
      direction !== 'r' &&
      open.size < (this.opts.rowBytes ?? Number.POSITIVE_INFINITY) &&
      n <= room
    ) {
      open.size += n
    } else {
      this.closeRow()
      if (n > room) this.newBlock(n)
      this.open = { sessionId, direction, at: this.now(), start: this.blockUsed, size: n }
    }
    // The one copy a chunk costs: the source's buffer is free again at once (not kept alive,
    // and aged by the collector, until the next hand-over).
    this.block.set(bytes, this.blockUsed)
    this.blockUsed += n
    this.pendingBytes += n
    if (this.pendingBytes >= this.opts.maxBytes) this.ship()
  }

  /** Commits everything recorded so far before returning (or sets lastError). */
  flush(): void {
    const seq = this.ship(true)
    if (!this.writer || seq === null) return
    const deadline = performance.now() + FLUSH_WAIT_MS
    for (;;) {
      if (Atomics.load(this.state, COMMITTED) >= seq || Atomics.load(this.state, FAILED) >= seq)
        break
      const left = deadline - performance.now()
      if (left <= 0) {
        this.lastError = new Error('The transcript writer did not answer in time.')
        return
      }
      // Short waits: a failure is stored in another slot, so its wake-up may come first.
      Atomics.wait(this.state, COMMITTED, Atomics.load(this.state, COMMITTED), Math.min(left, 50))
    }
    // The writer's answer for this batch is already in the port: take it now, not later.
    const port = this.writer?.port
    for (let m = port && receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
      this.replied(m.message as Reply)
  }

  close(): void {
    clearInterval(this.timer)
    this.flush()
    const writer = this.writer
    if (!writer) return
    this.writer = null
    this.mainAutocheckpoint(SQLITE_AUTOCHECKPOINT)
    writer.port.postMessage({ kind: 'close' })
    writer.port.close()
    writer.worker.unref()
  }

  /** Sets the main connection's automatic checkpoint (pages), if it is still open. */
  private mainAutocheckpoint(pages: number): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`)
  }

  /**
   * Hands what is pending to the writer (or writes it here without one); returns the batch's
   * number, or null when nothing was handed over. `always`: even with nothing pending, so that a
   * failed batch is retried and flush() has an answer to wait for.
   */
  private ship(always = false): number | null {
    this.closeRow()
    const rows = this.pending
    this.pending = []
    this.pendingBytes = 0
    this.quiet = rows.length === 0 ? this.quiet + 1 : 0
    if (this.quiet * this.opts.intervalMs >= SPARES_KEPT_MS) this.spare = [] // the memory goes back
    if (!this.writer) {
      this.retired = [] // rows that fail to write keep their blocks alive; none is reused
      this.writeHere(rows)
      return null
    }
    if (rows.length === 0 && !always && this.lastError === null) return null
    const seq = ++this.shipped
    // Views of shared blocks: nothing is copied to cross, and the rows stay readable here until
    // committed, in case the thread dies. A block is only ever appended to, never rewritten.
    this.writer.port.postMessage({ kind: 'rows', seq, rows })
    if (rows.length > 0) this.unconfirmed.set(seq, rows)
    if (this.retired.length > 0) this.retiredBy.set(seq, this.retired)
    this.retired = []
    return seq
  }

  /** The row being filled is complete: it joins the rows to hand over. */
  private closeRow(): void {
    const open = this.open
    if (!open) return
    this.open = null
    const data = this.block.subarray(open.start, open.start + open.size)
    this.pending.push({ sessionId: open.sessionId, direction: open.direction, at: open.at, data })
  }

  /**
   * Another block for chunks. The full one is retired: its rows keep it alive, and the writer
   * may read it, until the batch that hands its last rows over is committed; then it is spare.
   * A spare block is reused rather than a new one allocated: a fresh block's pages are faulted
   * in by the kernel as they are first written (~0.4 ms per MB on this machine's main thread).
   */
  private newBlock(atLeast: number): void {
    if (this.block.byteLength === BLOCK_BYTES) this.retired.push(this.block)
    const spare = atLeast <= BLOCK_BYTES ? this.spare.pop() : undefined
    this.block = spare ?? new Uint8Array(new SharedArrayBuffer(Math.max(BLOCK_BYTES, atLeast)))
    this.blockUsed = 0
  }

  private replied(m: Reply): void {
    if (m.ok)
      for (const seq of this.unconfirmed.keys()) if (seq <= m.seq) this.unconfirmed.delete(seq)
    if (m.ok)
      for (const [seq, blocks] of this.retiredBy)
        if (seq <= m.seq) {
          this.retiredBy.delete(seq)
          // At most as many as a full hand-over fills: a burst does not keep its peak.
          for (const b of blocks) if (this.spare.length < SPARE_BLOCKS) this.spare.push(b)
        }
    if (m.seq < this.shipped && !m.ok) return // an old failure, retried since
    if (m.ok) {
      if (m.seq >= this.shipped) this.lastError = null
      return
    }
    const cause = Object.assign(new Error(m.message), { code: m.code })
    this.lastError = isDiskFull(cause) ? new DiskFullError(this.path, { cause }) : cause
    // The thread cannot open the file by its path (renamed, its folder gone, a path the thread
    // cannot reach) while this connection still holds it open: retrying there would keep every
    // byte in memory and none on disk. Write here from now on instead.
    if (!m.opened) {
      const writer = this.writer
      this.writerDied()
      if (writer) {
        writer.port.close()
        void writer.worker.terminate()
      }
    }
  }

  /** The writer thread is gone (it could not load, or crashed): write here from now on. */
  private writerDied(): void {
    if (!this.writer) return
    this.writer = null
    this.mainAutocheckpoint(SQLITE_AUTOCHECKPOINT)
    // Whatever it had not committed is written here, in order; a flush waiting wakes up.
    const rows = [...this.unconfirmed.values()].flat()
    this.unconfirmed.clear()
    this.retiredBy.clear()
    Atomics.store(this.state, FAILED, this.shipped)
    Atomics.notify(this.state, COMMITTED)
    this.writeHere(rows)
  }

  /** Without a writer thread: the same commit on the main thread's connection. */
  private writeHere(rows: Row[]): void {
    this.unwritten.push(...rows)
    if (this.unwritten.length === 0) return
    const batch = this.unwritten
    this.db.pragma('synchronous = NORMAL')
    try {
      guardWrite(this.path, () =>
        this.db.transaction(() => {
          for (const r of batch) this.insert.run(r.sessionId, r.at, r.direction, asBuffer(r.data))
        })(),
      )
      this.unwritten = []
      Atomics.add(this.state, COMMITS, 1)
      this.lastError = null
    } catch (err) {
      this.lastError = err instanceof Error ? err : new Error(String(err))
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }
}

/** A Buffer over the same bytes (no copy), as better-sqlite3 binds BLOBs from Buffers. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

function startWriter(
  path: string,
  state: Int32Array,
  checkpoints: typeof WRITER_CHECKPOINTS,
  died: () => void,
): { worker: Worker; port: MessagePort } | null {
  try {
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: {
        path,
        insert: INSERT,
        shared: state.buffer,
        checkpoints,
        nice: WRITER_NICE,
        port: port2,
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      transferList: [port2],
    })
    // The writer must not keep the process alive, nor take it down: a thread that dies is a
    // write error the next flush reports (its rows were already handed over).
    worker.unref()
    port1.unref()
    worker.on('error', () => undefined)
    worker.on('exit', died)
    return { worker, port: port1 }
  } catch {
    return null
  }
}
