// Every contract method gets malformed payloads through dispatch() with a real Core on a temp
// data folder: each one must come back as a clear invalid_params reply (never a throw, never an
// "internal" error), emit no event, and change nothing stored (a digest of every table, the
// pointer file and the data folder's listing is compared before and after).
// Methods are read from paramSchemas at run time, so methods added later are fuzzed too.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methodNames, paramSchemas, type MethodName } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch, type Handlers } from '../../../src/main/core/rpc/handlers'

const RUNS_PER_METHOD = Number(process.env.SITREP_FUZZ_RUNS ?? 150)

let core: Core
let handlers: Handlers
let dataDir: string
let incidentId = ''
let events = 0
const viewer = { id: 'fuzz', sendFrame: () => undefined }

/** SHA-256 over every table's rows (sorted), user_version, the pointer file and the folder. */
function storeDigest(): string {
  const db = core.data.require().db
  const hash = createHash('sha256')
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[]
  for (const { name } of tables) {
    const rows = db
      .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
      .raw()
      .all()
      .map((r) =>
        JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
      )
      .sort()
    hash.update(`${name}\n${rows.join('\n')}\n`)
  }
  hash.update(String(db.pragma('user_version', { simple: true })))
  const pointer = join(dataDir, 'sitrep.json')
  hash.update(existsSync(pointer) ? readFileSync(pointer) : 'no pointer')
  const listing = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      // The WAL and shared-memory files change size on reads and checkpoints: not state.
      if (/-(wal|shm|journal)$/.test(f)) return []
      return statSync(p).isDirectory() ? listing(p) : [p]
    })
  hash.update(listing(dataDir).sort().join('\n'))
  hash.update(`sessions:${core.sessions.list().length}`)
  return hash.digest('hex')
}

/** Keys of an object schema (zod 4 exposes `shape`), for payloads that look almost right. */
function keysOf(method: MethodName): string[] {
  const schema = paramSchemas[method] as unknown as { shape?: Record<string, unknown> }
  return schema.shape ? Object.keys(schema.shape) : []
}

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../../../etc/passwd',
    '/etc/passwd',
    'sitrep.db',
    "'; DROP TABLE incidents; --",
    '\u202e\u0000\ud800',
    '__proto__',
    'x'.repeat(70_000),
  ),
)
/** Values that cross a real transport: JSON (WebSocket) or structured clone (Electron IPC). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue(),
  hostileString,
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -1,
    -0,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    1e308,
    65536,
    [],
    {},
    new Uint8Array([1, 2, 3]),
    new Date(0),
    new Map([['a', 1]]),
    10n,
  ),
  fc.array(fc.string(), { maxLength: 30 }),
)

function payloadFor(method: MethodName): fc.Arbitrary<unknown> {
  const keys = keysOf(method)
  const known = keys.length ? fc.constantFrom(...keys) : fc.constant('x')
  const nearValid = fc.dictionary(
    fc.oneof(known, known, fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')),
    fc.oneof(anyValue, fc.constant(incidentId), fc.constantFrom('P1', 'investigating', 'en')),
    { maxKeys: keys.length + 2 },
  )
  const deep = fc.integer({ min: 100, max: 3000 }).map((depth) => {
    let v: unknown = { [keys[0] ?? 'x']: 1 }
    for (let i = 0; i < depth; i++) v = { [keys[0] ?? 'x']: v }
    return v
  })
  const protoPollution = fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown)
  return fc.oneof(nearValid, nearValid, anyValue, deep, protoPollution)
}

beforeAll(async () => {
  // Not tempDir(): that one is removed after each test, and this Core lives for the whole file.
  dataDir = mkdtempSync(join(tmpdir(), 'sitrep-fuzz-'))
  core = new Core({ dataDir, shell: 'headless', version: 'fuzz', backupIntervalMs: 0 })
  core.start()
  handlers = createHandlers(core)
  // Some state for the malformed calls to (not) touch.
  const declared = await dispatch(
    handlers,
    1,
    'incidents.declare',
    {
      title: 'fuzz target incident',
      severity: 'P2',
      impactScope: impactScopes[0],
      detection: detectionMethods[0],
    },
    { viewer },
  )
  if (!declared.ok) throw new Error(declared.error.message)
  incidentId = (declared.result as { id: string }).id
  const saved = await dispatch(
    handlers,
    2,
    'targets.saveSsh',
    { name: 'fuzz-host', host: '127.0.0.1', user: 'root', authKind: 'password', secret: 'pw' },
    { viewer },
  )
  if (!saved.ok) throw new Error(saved.error.message)
  core.events.onAny(() => void events++)
})

afterAll(() => {
  core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const figures = { methods: 0, malformed: 0, skippedValid: 0 }

describe('contract fuzz: malformed payloads to every method', () => {
  it('has methods to fuzz', () => {
    expect(methodNames.length).toBeGreaterThan(20)
  })

  it.each(methodNames)('%s: clear error, no state change', async (method) => {
    figures.methods++
    const before = storeDigest()
    const eventsBefore = events
    let malformed = 0
    await fc.assert(
      fc.asyncProperty(payloadFor(method), async (params) => {
        // A payload that happens to be valid is not malformed: calling it may rightly change state.
        if (paramSchemas[method].safeParse(params ?? {}).success) {
          figures.skippedValid++
          return
        }
        malformed++
        const reply = await dispatch(handlers, 7, method, params, { viewer })
        expect(reply.id).toBe(7)
        expect(reply.ok).toBe(false)
        if (reply.ok) return
        expect(reply.error.code).toBe('invalid_params')
        expect(reply.error.message).toContain(method)
        // Clear, and never an echo of a huge payload.
        expect(reply.error.message.length).toBeLessThan(600)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      { numRuns: RUNS_PER_METHOD, interruptAfterTimeLimit: 20_000 },
    )
    figures.malformed += malformed
    expect(malformed).toBeGreaterThan(RUNS_PER_METHOD / 3)
    expect(events).toBe(eventsBefore)
    expect(storeDigest()).toBe(before)
  })

  it('unknown method names are refused clearly', async () => {
    const before = storeDigest()
    await fc.assert(
      fc.asyncProperty(anyValue, anyValue, async (method, params) => {
        if (typeof method === 'string' && (methodNames as string[]).includes(method)) return
        const reply = await dispatch(handlers, 1, method, params, { viewer })
        expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
      }),
      { numRuns: 300 },
    )
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const reply = await dispatch(handlers, 1, name, {}, { viewer })
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
    // Found by this property once: a name whose toString is not a function broke the message.
    const hostile = await dispatch(handlers, 1, { toString: false }, [], { viewer })
    expect(hostile).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    expect(storeDigest()).toBe(before)
  })

  afterAll(() => {
    console.log(
      `contract fuzz: ${figures.methods} methods, ${figures.malformed} malformed payloads, all refused with invalid_params, 0 state changes (${figures.skippedValid} generated payloads happened to be valid and were not sent)`,
    )
  })
})
