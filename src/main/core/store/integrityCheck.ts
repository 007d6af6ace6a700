// The full check of a big database file, after the window has painted (issue #20). quick_check
// reads every page, so its time grows with the file (~1.5 ms per MB here, seconds at 1 GB): run at
// open it kept a responder with a large store waiting before the first screen. The cheap checks
// (SQLite header, application id, schema version recorded twice, Sitrep's tables) still run at
// open and still refuse a damaged header; quick_check runs at open only for files small enough to
// check in a few ms (openDatabase.ts), and for bigger ones here, in a worker thread with its own
// read-only connection, so the main thread keeps serving the page while it reads the file.
//
// The worker's source is inline and loads better-sqlite3 from the path the main thread resolved:
// the same code then runs from the sources (tests, tsx) and from the built bundle, which has no
// separate worker file.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export type IntegrityOutcome =
  | { ok: true; ms: number }
  | { ok: false; detail: string; ms: number }
  /** The check itself could not run (no worker, the file vanished): neither verdict. */
  | { ok: null; detail: string; ms: number }

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const started = Date.now()
let db = null
try {
  // This thread only (Linux gives each thread its own nice value): the check yields the CPU to
  // the main thread and the page on a busy machine.
  try { require('node:os').setPriority(19) } catch {}
  const Database = require(workerData.module)
  db = new Database(workerData.path, { readonly: true, fileMustExist: true })
  const rows = db.pragma('quick_check(20)')
  const lines = rows.map((r) => String(r.quick_check))
  parentPort.postMessage({ kind: 'done', lines, ms: Date.now() - started })
} catch (err) {
  parentPort.postMessage({
    kind: 'threw',
    code: err && err.code ? String(err.code) : '',
    message: err && err.message ? String(err.message) : String(err),
    ms: Date.now() - started,
  })
} finally {
  if (db) db.close()
}
`

type WorkerReply =
  | { kind: 'done'; lines: string[]; ms: number }
  | { kind: 'threw'; code: string; message: string; ms: number }

/** SQLite's complaints that mean the file could not be read, not that it is damaged. */
const ACCESS = /^SQLITE_(CANTOPEN|PERM|BUSY|LOCKED|IOERR|NOMEM|AUTH)/

export interface RunningCheck {
  /** Stops waiting for the answer (another database was opened): onDone is not called. */
  cancel(): void
}

/** Runs quick_check on `path` in a worker thread and reports once. */
export function checkInBackground(
  path: string,
  onDone: (outcome: IntegrityOutcome) => void,
): RunningCheck {
  const started = Date.now()
  let settled = false
  const finish = (outcome: IntegrityOutcome): void => {
    if (settled) return
    settled = true
    void worker?.terminate()
    onDone(outcome)
  }
  let worker: Worker | null = null
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3') },
    })
  } catch (err) {
    settled = true
    queueMicrotask(() =>
      onDone({ ok: null, detail: `the check could not start (${String(err)})`, ms: 0 }),
    )
    return { cancel: () => undefined }
  }
  worker.unref()
  worker.on('message', (reply: WorkerReply) => {
    if (reply.kind === 'done') {
      const ok = reply.lines.length === 1 && reply.lines[0] === 'ok'
      finish(
        ok
          ? { ok: true, ms: reply.ms }
          : { ok: false, detail: reply.lines.join('; '), ms: reply.ms },
      )
    } else if (ACCESS.test(reply.code) || /^E[A-Z]+$/.test(reply.code)) {
      finish({ ok: null, detail: reply.message, ms: reply.ms })
    } else {
      // SQLite refusing to read the file at all ("database disk image is malformed") is damage.
      finish({ ok: false, detail: reply.message, ms: reply.ms })
    }
  })
  worker.on('error', (err) =>
    finish({ ok: null, detail: `the check stopped (${err.message})`, ms: Date.now() - started }),
  )
  worker.on('exit', () =>
    finish({ ok: null, detail: 'the check stopped before answering', ms: Date.now() - started }),
  )
  return {
    cancel: () => {
      settled = true
      void worker?.terminate()
    },
  }
}
