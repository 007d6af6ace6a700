// Marks each service's temp dir and processes with the worker that owns them, so leftovers of
// a worker that died by SIGKILL (no exit handler ran) are found and removed by the next one.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isAlive, readProc } from './procfs'

const OWNER_FILE = '.sitrep-owner'
const SERVICE_DIR = /^sitrep-(sshd|pg|prometheus|node-exporter)-/
/** Set in every daemon's environment (and, via SetEnv, in sshd sessions) to its temp dir. */
export const MARK_VAR = 'SITREP_HARNESS_DIR'

/** Records the current worker as the owner of a service temp dir. */
export function markOwner(dir: string): void {
  const self = readProc(process.pid)
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${self?.startTime ?? ''}\n`)
}

/** Processes whose environment carries our mark for `dir`. */
function markedProcesses(dir: string): number[] {
  const mark = `\0${MARK_VAR}=${dir}\0`
  const out: number[] = []
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue
    try {
      if (`\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(mark)) out.push(pid)
    } catch {
      // Gone, or not ours to read.
    }
  }
  return out
}

/**
 * A worker killed with SIGKILL runs no exit handler: its daemons die by pdeathsig, but their
 * forked children (an sshd session's command) and the temp dirs stay. Kills those and removes
 * the dirs whose owning worker is gone.
 */
export function sweepOrphans(): void {
  const root = tmpdir()
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return
  }
  for (const name of names) {
    if (!SERVICE_DIR.test(name)) continue
    const dir = join(root, name)
    try {
      const [pid, startTime] = readFileSync(join(dir, OWNER_FILE), 'utf8').trim().split(' ')
      if (isAlive({ pid: Number(pid), startTime: startTime ?? '' })) continue
    } catch {
      continue // No owner file yet (being set up) or not ours: leave it.
    }
    for (const pid of markedProcesses(dir)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true })
  }
}
