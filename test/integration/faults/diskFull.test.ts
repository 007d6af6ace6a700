// A full disk under a running Core: the data folder lives on a small tmpfs (mounted here; we run
// as root in CI) that the test fills with a file. Writes must fail with the typed disk_full error
// (not "internal"), what is stored stays intact and readable, terminal output produced while full
// is kept in memory and written once space returns, and writing simply resumes.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch, type Handlers } from '../../../src/main/core/rpc/handlers'
import { DataDir } from '../../../src/main/core/store/store'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'
import { until } from '../../helpers/until'

const SIZE = '12m'
let mountPoint = ''
let mounted = false
let mountError = ''

beforeAll(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'sitrep-diskfull-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0700`, 'tmpfs', mountPoint])
    mounted = true
  } catch (err) {
    mountError = err instanceof Error ? err.message : String(err)
  }
})

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint])
  rmSync(mountPoint, { recursive: true, force: true })
})

/** Fills the filesystem with one file until ENOSPC; returns its path and size. */
function fill(dir: string): { path: string; bytes: number } {
  const path = join(dir, 'filler.bin')
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(16 * 1024, 0x5a)
  let bytes = 0
  try {
    for (;;) bytes += writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  } finally {
    closeSync(fd)
  }
  return { path, bytes }
}

describe('faults: full disk', () => {
  it('refuses writes with disk_full, keeps what is stored, resumes when space returns', async (ctx) => {
    if (!mounted) {
      // Mounting needs root (CAP_SYS_ADMIN); CI runs as root, so there this is a failure.
      if (process.env.CI === 'true') throw new Error(`cannot mount a tmpfs: ${mountError}`)
      // Reported as skipped, never as a pass that checked nothing.
      ctx.skip(`cannot mount a tmpfs here (${mountError})`)
    }
    const dataDir = join(mountPoint, 'data')
    const core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
    core.start()
    const handlers: Handlers = createHandlers(core)
    const viewer = { id: 'v', sendFrame: () => undefined }
    const call = (method: string, params: unknown) =>
      dispatch(handlers, 1, method, params, { viewer })

    const declared = await call('incidents.declare', {
      title: 'disk full drill',
      severity: 'P2',
      impactScope: impactScopes[0],
      detection: detectionMethods[0],
    })
    if (!declared.ok) throw new Error(declared.error.message)
    const incidentId = (declared.result as { id: string }).id
    for (let i = 0; i < 20; i++) {
      const r = await call('incidents.addNote', { incidentId, text: `before ${i}` })
      expect(r.ok).toBe(true)
    }
    const session = core.sessions.openLocal({ cols: 100, rows: 30, incidentId })
    const shell = core.sessions.get(session.id)

    const filler = fill(mountPoint)
    // SQLite may still fit a few writes into pages it already owns: write until it cannot.
    let accepted = 0
    let refusal: { code: string; message: string } | null = null
    for (let i = 0; i < 5_000 && !refusal; i++) {
      const r = await call('incidents.addNote', {
        incidentId,
        text: `while full ${i} ${'x'.repeat(4000)}`,
      })
      if (r.ok) accepted++
      else refusal = r.error
    }
    expect(refusal).not.toBeNull()
    expect(refusal?.code).toBe('disk_full')
    expect(refusal?.message).toMatch(/full.*Everything already saved is intact.*Free some space/)
    // Every further write is refused the same way, never as an internal error.
    let refused = 1
    for (let i = 0; i < 20; i++) {
      const r = await call('incidents.addNote', { incidentId, text: `still full ${i}` })
      expect(r.ok ? 'ok' : r.error.code).toBe('disk_full')
      refused++
    }
    // Terminal output while full: the recorder cannot write it and keeps it.
    shell.input(new TextEncoder().encode('seq -f "during-full-%g" 1 3000\n'))
    await new Promise((r) => setTimeout(r, 1_500))

    // What is stored is intact and readable while the disk is full.
    const store = core.data.require()
    expect(store.db.pragma('quick_check', { simple: true })).toBe('ok')
    expect(store.timeline.verify(incidentId)).toMatchObject({ intact: true })
    const listed = await call('timeline.list', { incidentId, limit: 1000 })
    if (!listed.ok) throw new Error(listed.error.message)
    const notes = (listed.result as { kind: string; payload: { text?: string } }[]).filter(
      (e) => e.kind === 'note',
    )
    expect(notes.filter((e) => e.payload.text?.startsWith('before '))).toHaveLength(20)

    // Space returns: writing resumes by itself, and the output held in memory is written.
    rmSync(filler.path)
    const after = await call('incidents.addNote', { incidentId, text: 'after space returned' })
    expect(after.ok).toBe(true)
    const transcript = (): string =>
      (
        store.db
          .prepare(
            "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
          )
          .get(session.id) as { d: Buffer | null }
      ).d?.toString() ?? ''
    await until(() => transcript().includes('during-full-3000'), 'held output written')
    expect(transcript()).toContain('during-full-1\r\n')
    core.close()

    const reopened = new DataDir(dataDir)
    expect(reopened.open().state).toBe('ready')
    const db = reopened.require()
    expect(db.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.timeline.verify(incidentId)).toMatchObject({ intact: true })
    const count = (
      db.db
        .prepare(
          "SELECT count(*) AS n FROM timeline_events WHERE incident_id = ? AND kind = 'note'",
        )
        .get(incidentId) as { n: number }
    ).n
    expect(count).toBe(20 + accepted + 1)
    reopened.close()
    console.log(
      `FIGURES disk full: tmpfs ${SIZE} filled with ${(filler.bytes / 1e6).toFixed(1)} MB; ${accepted} notes still fitted, then ${refused} writes refused with disk_full (0 internal errors); 0 stored events damaged; writing resumed on the first try after freeing space; 3000 lines of terminal output held and written`,
    )
  }, 60_000)
})
