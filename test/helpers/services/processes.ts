// Owns every daemon and temp dir the service helpers start, so none outlives the test worker:
// killed on exit or on a terminating signal, and by the kernel (pdeathsig) if the worker is
// SIGKILLed itself.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { accessSync, closeSync, constants, openSync, readFileSync, rmSync } from 'node:fs'
import { MARK_VAR, markOwner, sweepOrphans } from './orphans'
import { isAlive, killTreeSync, processTree, signalRef } from './procfs'

export { isAlive, processTree, type ProcRef } from './procfs'
export { MARK_VAR } from './orphans'

export interface TrackedProcess {
  readonly name: string
  readonly pid: number
  readonly child: ChildProcess
  /** Resolves once the process has exited (for whatever reason). */
  readonly exited: Promise<void>
  hasExited(): boolean
  exitDescription(): string
}

const processes = new Set<TrackedProcess>()
const dirs = new Set<string>()

const SETPRIV = '/usr/bin/setpriv'
// setpriv makes the daemon's parent-death signal SIGKILL, so even a worker killed with SIGKILL
// (where no exit handler runs) takes its daemons along. Without util-linux we only lose that.
const hasSetpriv = ((): boolean => {
  try {
    accessSync(SETPRIV, constants.X_OK)
    return true
  } catch {
    return false
  }
})()

export interface SpawnDaemonOptions {
  /** Where the daemon's stdout and stderr go (appended). */
  logPath: string
  /** The service's temp dir (from trackDir): the cwd, and the mark on its processes. */
  dir: string
  env?: NodeJS.ProcessEnv
  uid?: number
  gid?: number
}

/** Starts a long-running process, tracked for cleanup; output goes to `logPath`. */
export function spawnDaemon(
  name: string,
  command: string,
  args: readonly string[],
  opts: SpawnDaemonOptions,
): TrackedProcess {
  const fd = openSync(opts.logPath, 'a')
  const spawnOpts: SpawnOptions = {
    cwd: opts.dir,
    // Inherited by everything the daemon forks, so orphans can be found (sweepOrphans).
    env: { ...(opts.env ?? process.env), [MARK_VAR]: opts.dir },
    stdio: ['ignore', fd, fd],
    uid: opts.uid,
    gid: opts.gid,
  }
  const [cmd, argv] = hasSetpriv
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]]
    : [command, [...args]]
  let child: ChildProcess
  try {
    child = spawn(cmd, argv, spawnOpts)
  } finally {
    closeSync(fd) // the child holds its own copy
  }
  let exitInfo: string | undefined
  let spawnError = ''
  // An unhandled 'error' (ENOENT, EACCES) would crash the worker; keep it for the report.
  child.on('error', (err) => {
    spawnError = ` (${err.message})`
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`${name}: could not spawn ${command}`)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exited with code ${String(code)}`
      processes.delete(tracked)
      resolve()
    })
  })
  // Tests that forget stop() must not keep the worker alive; the exit handler kills the daemon.
  child.unref()
  const tracked: TrackedProcess = {
    name,
    pid,
    child,
    exited,
    hasExited: () => exitInfo !== undefined,
    exitDescription: () => (exitInfo ?? 'running') + spawnError,
  }
  processes.add(tracked)
  return tracked
}

/** Registers a temp dir for removal at worker exit in case stop() is never reached. */
export function trackDir(dir: string): void {
  dirs.add(dir)
  markOwner(dir)
}

export function removeDir(dir: string): void {
  dirs.delete(dir)
  rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 })
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface TerminateOptions {
  signal?: NodeJS.Signals
  /** Send the signal to every descendant too, not only to the daemon. */
  wholeTree?: boolean
  /** How long to wait before SIGKILL. */
  graceMs?: number
}

/** Graceful stop with a deadline: signal, wait, then SIGKILL whatever of the tree remains. */
export async function terminate(p: TrackedProcess, opts: TerminateOptions = {}): Promise<void> {
  const { signal = 'SIGTERM', wholeTree = false, graceMs = 5_000 } = opts
  if (p.hasExited()) return
  // Listed before signalling: once the daemon dies its children are re-parented and lost to us.
  const tree = processTree(p.pid)
  for (const ref of wholeTree ? tree : tree.slice(0, 1)) signalRef(ref, signal)
  const timedOut = await Promise.race([p.exited.then(() => false), delay(graceMs).then(() => true)])
  if (timedOut) {
    console.warn(`${p.name}: did not stop within ${graceMs} ms of ${signal}; sending SIGKILL`)
  }
  for (const ref of tree) signalRef(ref, 'SIGKILL')
  await p.exited
  // The re-parented children die asynchronously; callers count on them being gone.
  for (let i = 0; i < 100 && tree.some(isAlive); i++) await delay(20)
}

/** Immediate SIGKILL of the daemon and all its descendants, as in a crash. */
export async function crash(p: TrackedProcess): Promise<void> {
  const tree = processTree(p.pid)
  if (!p.hasExited()) killTreeSync(p.pid)
  await p.exited
  for (let i = 0; i < 100 && tree.some(isAlive); i++) await delay(20)
}

function cleanupAllSync(): void {
  for (const p of processes) killTreeSync(p.pid)
  processes.clear()
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Best effort on the way out.
    }
  }
  dirs.clear()
}

// The previous run's SIGKILLed workers, if any, left things behind.
sweepOrphans()
process.on('exit', cleanupAllSync)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  const onSignal = (): void => {
    cleanupAllSync()
    process.removeListener(sig, onSignal)
    // Keep the default meaning of the signal (die) unless someone else handles it.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig)
  }
  process.on(sig, onSignal)
}

export function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** A start that failed because another process took the port between probe and bind. */
export class PortTakenError extends Error {}

export interface WaitOptions {
  timeoutMs: number
  intervalMs?: number
  /** Fail fast with the log tail when this process dies while we wait. */
  proc: TrackedProcess
  logPath: string
}

/** Polls `check` until true; a daemon that exits meanwhile fails the wait at once. */
export async function waitUntilReady(
  what: string,
  check: () => Promise<boolean>,
  opts: WaitOptions,
): Promise<void> {
  const { timeoutMs, intervalMs = 50, proc, logPath } = opts
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (proc.hasExited()) {
      const tail = logTail(logPath)
      const message = `${what}: ${proc.name} ${proc.exitDescription()} before it was ready. Log ${logPath}:\n${tail}`
      if (/address already in use/i.test(tail)) throw new PortTakenError(message)
      throw new Error(message)
    }
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) {
      const tail = logTail(logPath)
      await terminate(proc, { graceMs: 1_000 })
      throw new Error(`${what}: not ready after ${timeoutMs} ms. Log ${logPath}:\n${tail}`)
    }
    await delay(intervalMs)
  }
}

/** Runs a start attempt on fresh ports until one is not stolen by a concurrent worker. */
export async function withPortRetry<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt()
    } catch (err) {
      if (!(err instanceof PortTakenError) || i >= tries) throw err
    }
  }
}
