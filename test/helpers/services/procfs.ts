// What /proc says about processes: trees of descendants, liveness that survives pid reuse,
// and killing a whole tree without letting it fork away.
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcInfo {
  ppid: number
  startTime: string
}

/** Parent and start time of a live process; undefined for gone or zombie processes. */
export function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const state = fields[0]
    if (state === 'Z' || state === 'X') return undefined
    return { ppid: Number(fields[1]), startTime: fields[19] ?? '' }
  } catch {
    return undefined
  }
}

export interface ProcRef {
  pid: number
  startTime: string
}

/**
 * The process and all its live descendants. sshd's per-connection children call setsid(), so a
 * process-group kill would miss them: walk the parent links instead.
 */
export function processTree(rootPid: number): ProcRef[] {
  const children = new Map<number, ProcRef[]>()
  let root: ProcRef | undefined
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid <= 0) continue
    const info = readProc(pid)
    if (!info) continue
    if (pid === rootPid) root = { pid, startTime: info.startTime }
    const list = children.get(info.ppid) ?? []
    list.push({ pid, startTime: info.startTime })
    children.set(info.ppid, list)
  }
  if (!root) return []
  const out: ProcRef[] = []
  const queue: ProcRef[] = [root]
  while (queue.length) {
    const p = queue.shift() as ProcRef
    out.push(p)
    queue.push(...(children.get(p.pid) ?? []))
  }
  return out
}

/** Still running (zombies count as gone) and still the same process, not a reused pid. */
export function isAlive(ref: ProcRef): boolean {
  return readProc(ref.pid)?.startTime === ref.startTime
}

/** Signals a process unless its pid has been reused since we looked (start time differs). */
export function signalRef(ref: ProcRef, signal: NodeJS.Signals): void {
  if (readProc(ref.pid)?.startTime !== ref.startTime) return
  try {
    process.kill(ref.pid, signal)
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILLs a process and everything under it. The tree is frozen first (SIGSTOP) so nothing can
 * fork a new child between listing and killing.
 */
export function killTreeSync(rootPid: number): void {
  const seen = new Map<number, ProcRef>()
  for (let round = 0; round < 5; round++) {
    const tree = processTree(rootPid).filter((p) => !seen.has(p.pid))
    if (!tree.length) break
    for (const p of tree) {
      signalRef(p, 'SIGSTOP')
      seen.set(p.pid, p)
    }
  }
  for (const p of seen.values()) signalRef(p, 'SIGKILL')
}
