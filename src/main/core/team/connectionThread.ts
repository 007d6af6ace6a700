// The sync connection to the team's server, run in a worker thread. A laptop writing events
// while it syncs paid, on the thread that appends them, for every push: pg's encoding of the
// batch, TLS, and (on loopback, and to a lesser degree on any network) the kernel's send path;
// the issue #18 profile put that at most of what sync added to an append. The thread holds its
// own pg.Client; the main thread sends statements and gets rows back, so what the engine, the
// presence beat and the shared transcripts do on "the connection" is unchanged.
//
// The thread's source is inline and loads pg from the path the main thread resolved (as the
// transcript recorder does with better-sqlite3): the same code runs from the sources and the
// built bundle. Where the thread cannot start or load pg, the caller falls back to a client on
// the main thread (`openTeamConnection`).
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import pg, { type ClientConfig, type QueryResult, type QueryResultRow } from 'pg'

/** What the engine and its companions need of a connection: statements, nothing of the session. */
export interface TeamQueryable {
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>>
}

/** A connection the engine can end politely or drop at once (a silent link, see endWithin). */
export interface TeamConnection extends TeamQueryable {
  connect(): Promise<void>
  end(): Promise<void>
  destroy(): void
  on(event: 'error', listener: (err: Error) => void): unknown
}

/** How the server's certificate name is checked: a function cannot cross into the thread. */
export type IdentityCheck = { kind: 'host'; host: string } | { kind: 'none' } | null

/** The check clientConfig() builds for these settings, as data. */
export function identityCheck(s: { sslmode: string; host: string }): IdentityCheck {
  if (s.sslmode === 'verify-full') return { kind: 'host', host: s.host }
  if (s.sslmode === 'verify-ca') return { kind: 'none' }
  return null
}

/** The thread could not start or load pg: the caller uses the main thread instead. */
export class ThreadUnavailableError extends Error {}

type Request = { op: 'connect' | 'end' } | { op: 'query'; text: string; values: unknown[] }

type Reply =
  | { id: number; ok: true; result?: SerialResult }
  | { id: number; ok: false; err: SerialError }
  | { id: -1; ok: false; err: SerialError; event: 'error' }

interface SerialResult {
  rows: unknown[]
  rowCount: number | null
  command: string
  fields: { name: string; dataTypeID: number }[]
}

type SerialError = { message: string; name?: string } & Record<string, unknown>

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const tls = require('node:tls')
const pg = require(workerData.pgPath)
const config = workerData.config
const check = workerData.identity
if (config.ssl && check) {
  config.ssl.checkServerIdentity =
    check.kind === 'host' ? (_host, cert) => tls.checkServerIdentity(check.host, cert) : () => undefined
}
const client = new pg.Client(config)
parentPort.postMessage({ id: 0, ok: true })
const serialError = (e) => {
  const out = { message: String((e && e.message) || e), name: e && e.name }
  if (e && typeof e === 'object')
    for (const k of Object.keys(e)) {
      const v = e[k]
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v
    }
  return out
}
// Buffers cross as Uint8Array; pg sends a Buffer as bytea, anything else it would stringify.
const asBuffer = (v) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  : Array.isArray(v) ? v.map(asBuffer) : v
client.on('error', (e) => parentPort.postMessage({ id: -1, ok: false, event: 'error', err: serialError(e) }))
// One statement at a time, in the order they came (the engine's cycle, the presence beat and the
// shared transcripts share the connection): pg queues overlapping queries itself, but that is
// deprecated and warns in every thread.
let turn = Promise.resolve()
parentPort.on('message', (m) => {
  turn = turn.then(() => handle(m))
})
async function handle(m) {
  try {
    if (m.op === 'connect') {
      await client.connect()
      parentPort.postMessage({ id: m.id, ok: true })
    } else if (m.op === 'end') {
      await client.end()
      parentPort.postMessage({ id: m.id, ok: true })
      parentPort.close()
    } else {
      const r = await client.query(m.text, m.values.map(asBuffer))
      parentPort.postMessage({
        id: m.id,
        ok: true,
        result: {
          rows: r.rows,
          rowCount: r.rowCount,
          command: r.command,
          fields: (r.fields || []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        },
      })
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, err: serialError(e) })
  }
}
`

function rebuildError(e: SerialError): Error {
  const err = new Error(e.message)
  for (const [k, v] of Object.entries(e))
    if (k !== 'message') (err as never as Record<string, unknown>)[k] = v
  return err
}

/** Rows' bytea values come back as Uint8Array: the callers expect Buffers, as pg gives them. */
function asBuffers(rows: unknown[]): unknown[] {
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue
    const r = row as Record<string, unknown>
    for (const [k, v] of Object.entries(r))
      if (v instanceof Uint8Array && !Buffer.isBuffer(v))
        r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  }
  return rows
}

let threadsAlive = 0

/**
 * How many connection threads run in this process: one per laptop's sync connection. Each holds
 * a V8 isolate and a pg client, so one left behind by a dropped connection is memory that never
 * comes back (the chaos run's 50 laptops grew by gigabytes before the engine ended them).
 */
export function connectionThreadsAlive(): number {
  return threadsAlive
}

export class ThreadedConnection extends EventEmitter implements TeamConnection {
  private readonly worker: Worker
  private next = 1
  private readonly waiting = new Map<number, { resolve(r: Reply): void }>()
  private dead: Error | null = null
  private readonly ready: Promise<void>

  /** Throws when the thread cannot be made (the caller falls back to the main thread). */
  constructor(config: ClientConfig, identity: IdentityCheck) {
    super()
    const { ssl } = config
    const plain =
      ssl && typeof ssl === 'object'
        ? { ...config, ssl: { ...ssl, checkServerIdentity: undefined } }
        : config
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        config: plain,
        identity,
        pgPath: createRequire(import.meta.url).resolve('pg'),
      },
    })
    threadsAlive++
    // Like a socket: the connection must not keep the process alive by itself.
    this.worker.unref()
    // A connection that dies between statements must not throw from an event emitter; the
    // owner listens too.
    this.on('error', () => undefined)
    let started: (() => void) | null = null
    let failed: ((err: Error) => void) | null = null
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve
      failed = reject
    })
    this.worker.on('message', (m: Reply) => {
      if (m.id === 0) {
        started?.()
        started = failed = null
        return
      }
      if (m.id === -1 && !m.ok) {
        this.emit('error', rebuildError(m.err))
        return
      }
      const w = this.waiting.get(m.id)
      this.waiting.delete(m.id)
      w?.resolve(m)
    })
    const gone = (err: Error) => {
      this.dead ??= err
      for (const w of this.waiting.values())
        w.resolve({ id: 0, ok: false, err: { message: this.dead.message, code: 'ECONNRESET' } })
      this.waiting.clear()
    }
    this.worker.on('error', (err) => {
      if (failed) {
        // Before it said it was ready: pg did not load in a thread (or threads do not work).
        failed(new ThreadUnavailableError(`The connection thread did not start: ${err.message}`))
        started = failed = null
      } else this.emit('error', err)
      gone(err)
    })
    this.worker.on('exit', () => {
      threadsAlive--
      gone(new Error('Connection terminated'))
    })
  }

  private async ask(req: Request): Promise<SerialResult | undefined> {
    if (this.dead) throw this.dead
    const id = this.next++
    const reply = await new Promise<Reply>((resolve) => {
      this.waiting.set(id, { resolve })
      this.worker.postMessage({ ...req, id })
    })
    if (!reply.ok) throw rebuildError(reply.err)
    return 'result' in reply ? reply.result : undefined
  }

  async connect(): Promise<void> {
    await this.ready
    await this.ask({ op: 'connect' })
  }

  async query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    const r = await this.ask({ op: 'query', text, values })
    if (!r) throw new Error('no result from the connection thread')
    return {
      rows: asBuffers(r.rows) as R[],
      rowCount: r.rowCount,
      command: r.command,
      oid: 0,
      fields: r.fields.map((f) => ({
        name: f.name,
        dataTypeID: f.dataTypeID,
        tableID: 0,
        columnID: 0,
        dataTypeSize: 0,
        dataTypeModifier: 0,
        format: 'text',
      })),
    }
  }

  async end(): Promise<void> {
    if (this.dead) return
    try {
      await this.ask({ op: 'end' })
    } finally {
      void this.worker.terminate()
    }
  }

  /** Drops the connection at once: the thread and its socket go. */
  destroy(): void {
    void this.worker.terminate()
  }
}

/** A client on the main thread, as a TeamConnection (the fallback, and tests that want one). */
class MainThreadConnection implements TeamConnection {
  constructor(private readonly client: pg.Client) {
    client.on('error', () => undefined)
  }
  async connect(): Promise<void> {
    await this.client.connect()
  }
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    return this.client.query<R>(text, values)
  }
  end(): Promise<void> {
    return this.client.end()
  }
  destroy(): void {
    ;(
      this.client as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy()
  }
  on(event: 'error', listener: (err: Error) => void): unknown {
    return this.client.on(event, listener)
  }
}

let threadsWork = true

/**
 * The sync connection, connected: in a thread of its own, or on the main thread when `threaded`
 * is false or a thread cannot be made here (remembered for the process's lifetime).
 */
export async function connectTeamConnection(
  config: ClientConfig,
  identity: IdentityCheck,
  threaded = true,
): Promise<TeamConnection> {
  if (threaded && threadsWork) {
    let c: ThreadedConnection | null = null
    try {
      c = new ThreadedConnection(config, identity)
      await c.connect()
      return c
    } catch (err) {
      c?.destroy()
      if (!(err instanceof ThreadUnavailableError) && c !== null) throw err
      threadsWork = false
    }
  }
  const client = new MainThreadConnection(new pg.Client(config))
  await client.connect()
  return client
}
