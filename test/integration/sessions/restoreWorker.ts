// Child process for the restore test: a real Core with, for one incident, an SSH session (left
// running), a second SSH session the responder closed, and a local shell (left running). Prints
// "ready …" once the running sessions' output is in the transcript; the parent then SIGKILLs
// this process, as a crash would.
import { join } from 'node:path'
import {
  printReadyWhen,
  startWithIncident,
  transcriptHas,
  typeInto,
} from '../../helpers/killedWorker'

const [dataDir, sshdJson] = process.argv.slice(2)
if (!dataDir || !sshdJson) throw new Error('usage: restoreWorker DATA_DIR SSHD_JSON')
const sshd = JSON.parse(sshdJson) as { host: string; port: number; user: string; key: string }
const { core, incidentId } = startWithIncident(
  {
    dataDir,
    shell: 'headless',
    version: 'restore-test',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
  },
  'restore after a crash',
)
// The responder trusts the host key once; it lands in the data folder's known_hosts.
core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, true))
const target = core.data.require().targets.saveSsh({
  name: 'restore-host',
  host: sshd.host,
  port: sshd.port,
  user: sshd.user,
  authKind: 'key',
  keyPath: sshd.key,
  jumpVia: [],
  tags: [],
  keepaliveSec: 15,
})

async function main(): Promise<void> {
  const open = { cols: 100, rows: 30, incidentId }
  const ssh = await core.sessions.openSsh({ ...open, targetId: target.id })
  const closed = await core.sessions.openSsh({ ...open, targetId: target.id })
  const local = core.sessions.openLocal(open)
  core.sessions.close(closed.id)
  typeInto(core, ssh.id, 'echo pre-$((5*5))\r')
  typeInto(core, local.id, 'echo local-$((5*5))\r')
  printReadyWhen(
    () =>
      transcriptHas(core, ssh.id, 'pre-25') &&
      transcriptHas(core, local.id, 'local-25') &&
      core.sessions.get(closed.id).closed,
    () => `${incidentId} ${target.id} ${ssh.id} ${closed.id} ${local.id}`,
  )
}
main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
