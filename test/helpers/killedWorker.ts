// What the crash tests' child processes share (faults/cutSessionWorker.ts,
// sessions/restoreWorker.ts): a real Core started on a data folder with one incident declared,
// typing into its sessions, and a "ready …" line printed once their output is committed to the
// transcript, after which the process stays alive, sessions open, until the parent SIGKILLs it.
import { Core, type CoreOptions } from '../../src/main/core/core'
import { paramSchemas } from '../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../src/shared/incidents'

/** Starts a Core (the database must open) and declares one incident in it. */
export function startWithIncident(
  opts: CoreOptions,
  title: string,
): { core: Core; incidentId: string } {
  const core = new Core(opts)
  const status = core.start()
  if (status.state !== 'ready') throw new Error(status.message)
  const incidentId = core.incidents().incidents.declare(
    paramSchemas['incidents.declare'].parse({
      title,
      severity: 'P2',
      impactScope: impactScopes[0],
      detection: detectionMethods[0],
    }),
  ).id
  return { core, incidentId }
}

export function typeInto(core: Core, sessionId: string, text: string): void {
  core.sessions.get(sessionId).input(new TextEncoder().encode(text))
}

/** Whether the session's recorded output (committed, in SQLite) contains the marker. */
export function transcriptHas(core: Core, sessionId: string, marker: string): boolean {
  const row = core.data
    .require()
    .db.prepare(
      "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
    )
    .get(sessionId) as { d: Buffer | null }
  return Buffer.from(row.d ?? '').includes(marker)
}

/** Prints `ready <line>` once `ready()` holds, then waits for the parent's kill. */
export function printReadyWhen(ready: () => boolean, line: () => string): void {
  const poll = setInterval(() => {
    if (!ready()) return
    clearInterval(poll)
    process.stdout.write(`ready ${line()}\n`)
    // Stay alive, sessions open, until the parent kills this process.
    setInterval(() => undefined, 60_000)
  }, 25)
}
