// The propagation benchmark's writing laptops (bench/team.ts), in a process of their own so their
// work never delays the observer being measured (real laptops do not share an event loop).
// Each is a real Core with team sync on its own data folder. They push on every append as any
// laptop does; they pull only every minute (their LISTEN goes to another database, so it never
// hears a NOTIFY): what each of them would pay for pulling, a real laptop pays on its own CPU,
// and this machine has two cores for fifty laptops.
//
// argv[2]: JSON { root, port, caFile, team, users: string[], incidentId, rate, seconds }.
// Talks to its parent over IPC: 'ready' after every laptop holds the incident, then on 'go' it
// writes `rate` notes/s in all, each note's text carrying its wall-clock write time, and says
// 'done'. 'stop' closes everything.
import { join } from 'node:path'
import { Core } from '../src/main/core/core'

interface Job {
  root: string
  port: number
  caFile: string
  team: string
  users: string[]
  incidentId: string
  rate: number
  seconds: number
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const send = (m: unknown): void => {
  process.send?.(m)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
const wallMs = (): number => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const cores: Core[] = []
  for (const [i, user] of job.users.entries()) {
    const core = new Core({
      dataDir: join(job.root, `w${i}`),
      shell: 'headless',
      version: 'bench',
      backupIntervalMs: 0,
      userKnownHosts: join(job.root, 'none'),
      teamEngine: { listenOverride: { database: 'template1' }, probeMs: 100, pollOnlyMs: 60_000 },
    })
    core.start()
    cores.push(core)
    await core.team().configure({
      host: '127.0.0.1',
      port: job.port,
      database: 'postgres',
      user,
      password: `pw-${user}`,
      sslmode: 'verify-full',
      caFile: job.caFile,
      team: job.team,
      displayName: user,
      role: 'responder',
    })
  }
  const holds = (c: Core): boolean => {
    try {
      c.incidents().get(job.incidentId)
      return true
    } catch {
      return false
    }
  }
  for (const c of cores)
    while (!holds(c)) {
      await c.team().syncNow()
      await sleep(20)
    }
  send('ready')
  await new Promise<void>((resolve) => process.once('message', () => resolve()))
  const interval = 1000 / job.rate
  const start = performance.now()
  let n = 0
  const end = start + job.seconds * 1000
  while (performance.now() < end) {
    const c = cores[n % cores.length] as Core
    c.incidents().addNote(job.incidentId, { text: `w ${wallMs()}`, actor: job.users[0] ?? 'w' })
    n++
    // Steady rate: the next write is due at start + n × interval, whatever this one cost.
    await sleep(Math.max(0, start + n * interval - performance.now()))
  }
  // Give the last pushes their time before reporting.
  for (const c of cores) while ((await c.team().syncNow()).waiting > 0) await sleep(10)
  send({ done: n })
  await new Promise<void>((resolve) => process.once('message', () => resolve()))
  for (const c of cores) {
    await c.team().close()
    c.close()
  }
  send('closed')
}

main().catch((err: unknown) => {
  send({ error: String(err instanceof Error ? err.stack : err) })
  process.exit(1)
})
