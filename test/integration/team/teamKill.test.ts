// SIGKILL a laptop mid-push and mid-pull, again and again: every note the pushing laptop reported
// as written reaches the server exactly once, and the pulling laptop ends with exactly the
// server's events — 0 lost, 0 duplicated. CI runs a few kills of each; `npm run reliability`
// runs 20 of each (SITREP_TEAM_KILLS).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'
import {
  closeLaptops,
  configureInput,
  declareInput,
  startLaptop,
  startTeamServer,
  TEAM,
  type TeamServer,
} from './teamHarness'

const worker = join(import.meta.dirname, 'teamKillWorker.ts')
const KILLS = Number(process.env.SITREP_TEAM_KILLS ?? 4)

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob', 'carol'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

/** Runs the worker until `ready` matches its output, waits `ms`, SIGKILLs it; complete lines. */
function runAndKill(args: string[], user: string, ready: RegExp, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], {
      env: { ...process.env, SITREP_TEST_TEAM_PW: server.password(user) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let timer: ReturnType<typeof setTimeout> | null = null
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (!timer && ready.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), ms)
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer)
      if (signal !== 'SIGKILL') return reject(new Error(`worker exited by itself: ${err}`))
      resolve(out.split('\n').slice(0, -1))
    })
  })
}

async function serverUids(where: string, params: unknown[]): Promise<Map<string, number>> {
  const admin = await server.admin()
  try {
    const r = await admin.query<{ uid: string; n: number }>(
      `SELECT uid, count(*)::int AS n FROM sitrep.events WHERE team = $1 AND ${where} GROUP BY uid`,
      [TEAM, ...params],
    )
    return new Map(r.rows.map((x) => [x.uid, x.n]))
  } finally {
    await admin.end()
  }
}

describe('team sync: SIGKILL a laptop mid-push and mid-pull', () => {
  it(`mid-push, ${KILLS} kills: every reported note on the server exactly once`, async () => {
    const dataDir = tempDir()
    const settings = JSON.stringify(server.settings('alice'))
    let incident = ''
    const reported = new Set<string>()
    const lastStates = new Map<string, number>()
    for (let k = 0; k < KILLS; k++) {
      const lines = await runAndKill(
        [dataDir, 'push', settings, ...(incident ? [incident] : [])],
        'alice',
        /^[0-9a-f-]{36}$/m,
        100 + Math.floor(Math.random() * 1_400),
      )
      incident ||= lines.find((l) => l.startsWith('incident '))?.slice(9) ?? ''
      for (const l of lines) if (/^[0-9a-f-]{36}$/.test(l)) reported.add(l)
      const last =
        lines
          .filter((l) => l.startsWith('state '))
          .pop()
          ?.slice(6) ?? 'starting'
      lastStates.set(last, (lastStates.get(last) ?? 0) + 1)
    }
    expect(incident).not.toBe('')
    // The laptop starts again and finishes what it had not pushed.
    const laptop = startLaptop({ dataDir })
    cores.push(laptop)
    const st = await laptop.team().syncNow()
    expect(st).toMatchObject({ state: 'synced', waiting: 0 })
    const onServer = await serverUids('incident_id = $2 AND kind = $3', [incident, 'note'])
    const lost = [...reported].filter((u) => !onServer.has(u))
    const duplicated = [...onServer.values()].filter((n) => n > 1).length
    const local = laptop
      .team()
      .timeline(incident)
      .filter((e) => e.kind === 'note').length
    expect(lost).toEqual([])
    expect(duplicated).toBe(0)
    // Written but not yet reported when killed: on the server as well, nothing extra.
    expect(onServer.size).toBe(local)
    expect(
      laptop
        .team()
        .verify(incident)
        .every((v) => v.intact),
    ).toBe(true)
    console.log(
      `FIGURES team kill mid-push: ${KILLS} SIGKILLs (engine state at the kill: ${[...lastStates].map(([k, v]) => `${k} ${v}`).join(', ')}), ${local} notes written, ${reported.size} reported, ${onServer.size} on the server, 0 lost, 0 duplicated`,
    )
  }, 300_000)

  it(`mid-pull, ${KILLS} kills while another laptop writes: the puller ends with exactly the server's events`, async () => {
    const writer = startLaptop({ engine: { batchSize: 200 } })
    cores.push(writer)
    await writer.team().configure(configureInput(server, 'bob'))
    const incident = writer.incidents().declare(declareInput('pulled while killed', 'bob'))
    // A backlog so that each pull has pages to store.
    for (let i = 0; i < 3_000; i++)
      writer.incidents().addNote(incident.id, { text: `n${i}`, actor: 'bob' })
    await writer.team().syncNow()
    let writing = true
    let written = 3_000
    const writing$ = (async () => {
      while (writing) {
        for (let i = 0; i < 20; i++)
          writer.incidents().addNote(incident.id, { text: `w${written++}`, actor: 'bob' })
        await writer.team().syncNow()
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    const dataDir = tempDir()
    const settings = JSON.stringify(server.settings('carol'))
    let killedHolding = 0
    for (let k = 0; k < KILLS; k++) {
      const lines = await runAndKill(
        [dataDir, 'pull', settings],
        'carol',
        /^pulling$/m,
        300 + Math.floor(Math.random() * 1_200),
      )
      const held = lines.filter((l) => l.startsWith('held ')).pop()
      if (held) killedHolding = Number(held.slice(5))
    }
    writing = false
    await writing$
    await writer.team().syncNow()
    const puller = startLaptop({ dataDir })
    cores.push(puller)
    expect(await puller.team().syncNow()).toMatchObject({ state: 'synced' })
    const onServer = await serverUids('incident_id = $2', [incident.id])
    const held = new Map<string, number>()
    for (const r of puller.data
      .require()
      .db.prepare('SELECT uid FROM team_events WHERE incident_id = ?')
      .all(incident.id) as { uid: string }[])
      held.set(r.uid, (held.get(r.uid) ?? 0) + 1)
    const lost = [...onServer.keys()].filter((u) => !held.has(u))
    const extra = [...held.keys()].filter((u) => !onServer.has(u))
    expect(lost).toEqual([])
    expect(extra).toEqual([])
    expect([...held.values()].every((n) => n === 1)).toBe(true)
    expect(
      puller
        .team()
        .verify(incident.id)
        .every((v) => v.intact),
    ).toBe(true)
    expect(puller.team().canonicalHash(incident.id)).toBe(writer.team().canonicalHash(incident.id))
    console.log(
      `FIGURES team kill mid-pull: ${KILLS} SIGKILLs, ${onServer.size} events on the server (${written + 1} written), the last killed puller held ${killedHolding} team events, pulled ${held.size}, 0 lost, 0 duplicated`,
    )
  }, 300_000)
})
