// Child process for the crash test: appends timeline events and transcript chunks as fast as it
// can and prints each event's seq only after append() returned (i.e. after the commit).
import { DataDir } from '../../../src/main/core/store/store'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { TranscriptRecorder } from '../../../src/main/core/sessions/recorder'

const [dir, incidentArg] = process.argv.slice(2)
if (!dir) throw new Error('usage: appendWorker DIR [INCIDENT]')
const data = new DataDir(dir, { backupKeep: 2 })
const status = data.open()
if (status.state !== 'ready') throw new Error(status.message)
const store = data.require()
const incident =
  incidentArg ??
  createIncidentRow(store.db, { title: 'crash test', severity: 'P1', at: Date.now() })
if (!incidentArg) process.stdout.write(`incident ${incident}\n`)
store.db
  .prepare(
    "INSERT OR IGNORE INTO sessions (id, kind, title, cols, rows, started_at) VALUES ('flood', 'local', 'flood', 80, 24, 0)",
  )
  .run()
const recorder = new TranscriptRecorder(store.db, store.path, {
  intervalMs: 20,
  maxBytes: 64 * 1024,
})
const noise = new TextEncoder().encode('y\r\n'.repeat(2000))

let n = 0
for (;;) {
  // A terminal flood recorded alongside the appends, as during a real incident.
  recorder.record('flood', 'o', noise)
  const e = store.timeline.append(incident, { kind: 'note', payload: { text: `event ${n++}` } })
  process.stdout.write(`${e.seq}\n`)
  if (n % 50 === 0) recorder.flush()
}
