// Child process for the search indexer's SIGKILL test: a store with a backlog of unindexed
// events whose indexer is working through it in idle time while more events are appended. Prints
// each appended event's seq after append() returned (committed), then is killed by the parent.
import { DataDir } from '../../../src/main/core/store/store'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'

const [dir, incidentArg] = process.argv.slice(2)
if (!dir) throw new Error('usage: indexKillWorker DIR [INCIDENT]')
const data = new DataDir(dir, { backupKeep: 2 })
const status = data.open()
if (status.state !== 'ready') throw new Error(status.message)
const store = data.require()
const incident =
  incidentArg ??
  createIncidentRow(store.db, { title: 'index kill test', severity: 'P1', at: Date.now() })
if (!incidentArg) process.stdout.write(`incident ${incident}\n`)

// A backlog the indexer needs several hundred ms for (batches of 250 in 8 ms slices), written
// synchronously so that no index turn runs in between.
let n = 0
const note = (): { kind: string; payload: { text: string } } => ({
  kind: 'note',
  payload: { text: `event ${n++} 調査メモ ${'x'.repeat(40)}` },
})
for (let b = 0; b < 6; b++) {
  for (const e of store.timeline.appendMany(incident, Array.from({ length: 500 }, note)))
    process.stdout.write(`${e.seq}\n`)
}
// Then appends keep coming between index turns until the kill.
const tick = (): void => {
  for (let i = 0; i < 5; i++)
    process.stdout.write(`${store.timeline.append(incident, note()).seq}\n`)
  setImmediate(tick)
}
setImmediate(tick)
