// Child process for the kill test: a real Core with a local shell flooding its terminal (recorded
// to the transcript) while incident notes are appended as fast as the event loop allows. Each
// note's seq is printed only after addNote() returned, i.e. after its commit.
import { Core } from '../../../src/main/core/core'
import { paramSchemas } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'

const [dataDir, incidentArg] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: floodWorker DATA_DIR [INCIDENT]')
const core = new Core({ dataDir, shell: 'headless', version: 'kill-test', backupIntervalMs: 0 })
const status = core.start()
if (status.state !== 'ready') throw new Error(status.message)
const incidents = core.incidents().incidents
const incidentId =
  incidentArg ??
  incidents.declare(
    // Parsed like a contract call, so the defaults (services, description) are filled in.
    paramSchemas['incidents.declare'].parse({
      title: 'kill test',
      severity: 'P1',
      impactScope: impactScopes[0],
      detection: detectionMethods[0],
    }),
  ).id
if (!incidentArg) process.stdout.write(`incident ${incidentId}\n`)

// The terminal flood: a local shell printing as fast as it can, recorded by the session.
const session = core.sessions.openLocal({ cols: 120, rows: 40, incidentId })
process.stdout.write(`session ${session.id}\n`)
core.sessions
  .get(session.id)
  .input(new TextEncoder().encode("yes 'sitrep flood 0123456789 abcdefghijklmnopqrstuvwxyz'\n"))

let n = 0
const step = (): void => {
  for (let i = 0; i < 5; i++) {
    const e = incidents.addNote(incidentId, { text: `note ${n++} during the flood` })
    process.stdout.write(`${e.seq}\n`)
  }
  // Yield so the pty's output reaches the recorder and its timed flushes run between appends.
  setImmediate(step)
}
step()
