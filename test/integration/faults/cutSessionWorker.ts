// Child process for the crash-sweep test: a real Core with three local shells, two opened for an
// incident and one not. One of the incident's shells exits by itself (a normal close); the other
// two are still running when the parent SIGKILLs this process. "ready …" is printed only once
// each running shell's output is committed to the transcript, so the kill cuts them mid-session.
import {
  printReadyWhen,
  startWithIncident,
  transcriptHas,
  typeInto,
} from '../../helpers/killedWorker'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: cutSessionWorker DATA_DIR')
const { core, incidentId } = startWithIncident(
  { dataDir, shell: 'headless', version: 'cut-test', backupIntervalMs: 0 },
  'cut sessions',
)

const open = (forIncident: boolean) =>
  core.sessions.openLocal({ cols: 80, rows: 24, incidentId: forIncident ? incidentId : null })
const cut = open(true)
const loose = open(false)
const ended = open(true)
typeInto(core, cut.id, 'echo cut-marker-$((6*7))\r')
typeInto(core, loose.id, 'echo loose-marker-$((6*7))\r')
typeInto(core, ended.id, 'exit 3\r')

printReadyWhen(
  () =>
    transcriptHas(core, cut.id, 'cut-marker-42') &&
    transcriptHas(core, loose.id, 'loose-marker-42') &&
    core.sessions.get(ended.id).closed,
  () => `${incidentId} ${cut.id} ${loose.id} ${ended.id}`,
)
