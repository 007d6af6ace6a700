// Child process for the crash-sweep test: a real Core with three local shells, two opened for an
// incident and one not. One of the incident's shells exits by itself (a normal close); the other
// two are still running when the parent SIGKILLs this process. "ready …" is printed only once
// each running shell's output is committed to the transcript, so the kill cuts them mid-session.
import { Core } from '../../../src/main/core/core'
import { paramSchemas } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: cutSessionWorker DATA_DIR')
const core = new Core({ dataDir, shell: 'headless', version: 'cut-test', backupIntervalMs: 0 })
const status = core.start()
if (status.state !== 'ready') throw new Error(status.message)
const incidentId = core.incidents().incidents.declare(
  paramSchemas['incidents.declare'].parse({
    title: 'cut sessions',
    severity: 'P2',
    impactScope: impactScopes[0],
    detection: detectionMethods[0],
  }),
).id

const open = (forIncident: boolean) =>
  core.sessions.openLocal({ cols: 80, rows: 24, incidentId: forIncident ? incidentId : null })
const cut = open(true)
const loose = open(false)
const ended = open(true)
const type = (id: string, text: string): void =>
  core.sessions.get(id).input(new TextEncoder().encode(text))
type(cut.id, 'echo cut-marker-$((6*7))\r')
type(loose.id, 'echo loose-marker-$((6*7))\r')
type(ended.id, 'exit 3\r')

const recorded = (id: string, marker: string): boolean => {
  const row = core.data
    .require()
    .db.prepare(
      "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
    )
    .get(id) as { d: Buffer | null }
  return Buffer.from(row.d ?? '').includes(marker)
}
const poll = setInterval(() => {
  if (
    recorded(cut.id, 'cut-marker-42') &&
    recorded(loose.id, 'loose-marker-42') &&
    core.sessions.get(ended.id).closed
  ) {
    clearInterval(poll)
    process.stdout.write(`ready ${incidentId} ${cut.id} ${loose.id} ${ended.id}\n`)
    // Stay alive, sessions open, until the parent kills this process.
    setInterval(() => undefined, 60_000)
  }
}, 25)
