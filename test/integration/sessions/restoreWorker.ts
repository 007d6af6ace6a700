// Child process for the restore test: a real Core with, for one incident, an SSH session (left
// running), a second SSH session the responder closed, and a local shell (left running). Prints
// "ready …" once the running sessions' output is in the transcript; the parent then SIGKILLs
// this process, as a crash would.
import { join } from 'node:path'
import { Core } from '../../../src/main/core/core'
import { paramSchemas } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'

const [dataDir, sshdJson] = process.argv.slice(2)
if (!dataDir || !sshdJson) throw new Error('usage: restoreWorker DATA_DIR SSHD_JSON')
const sshd = JSON.parse(sshdJson) as { host: string; port: number; user: string; key: string }
const core = new Core({
  dataDir,
  shell: 'headless',
  version: 'restore-test',
  backupIntervalMs: 0,
  userKnownHosts: join(dataDir, 'none'),
})
const status = core.start()
if (status.state !== 'ready') throw new Error(status.message)
// The responder trusts the host key once; it lands in the data folder's known_hosts.
core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, true))
const incidentId = core.incidents().incidents.declare(
  paramSchemas['incidents.declare'].parse({
    title: 'restore after a crash',
    severity: 'P2',
    impactScope: impactScopes[0],
    detection: detectionMethods[0],
  }),
).id
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

const recorded = (id: string, marker: string): boolean => {
  const row = core.data
    .require()
    .db.prepare(
      "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
    )
    .get(id) as { d: Buffer | null }
  return Buffer.from(row.d ?? '').includes(marker)
}
const type = (id: string, text: string): void =>
  core.sessions.get(id).input(new TextEncoder().encode(text))

async function main(): Promise<void> {
  const open = { cols: 100, rows: 30, incidentId }
  const ssh = await core.sessions.openSsh({ ...open, targetId: target.id })
  const closed = await core.sessions.openSsh({ ...open, targetId: target.id })
  const local = core.sessions.openLocal(open)
  core.sessions.close(closed.id)
  type(ssh.id, 'echo pre-$((5*5))\r')
  type(local.id, 'echo local-$((5*5))\r')
  const poll = setInterval(() => {
    if (
      recorded(ssh.id, 'pre-25') &&
      recorded(local.id, 'local-25') &&
      core.sessions.get(closed.id).closed
    ) {
      clearInterval(poll)
      process.stdout.write(`ready ${incidentId} ${target.id} ${ssh.id} ${closed.id} ${local.id}\n`)
      // Stay alive, sessions open, until the parent kills this process.
      setInterval(() => undefined, 60_000)
    }
  }, 25)
}
main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
