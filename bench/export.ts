// Export of a large incident (10 000 events + 50 MB of transcripts) against a bare SELECT of the
// same rows written straight to a file, same database, same disk, same run. The export adds
// redaction of every string and every transcript byte (with context across chunks), JSON and
// base64 encoding, progress events and the temp-file-then-rename.
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { Core } from '../src/main/core/core'
import type { ExportFormat } from '../src/shared/contract'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'

const RUNS = 3

// The same workload as test/integration/export/largeIncident.ts (kept apart: bench and tests
// typecheck in different projects): 10 000 events, 4 sessions of 12.5 MB in 64 KB chunks.
const LARGE_EVENTS = 10_000
const LARGE_TRANSCRIPT_BYTES = 50 * 1024 * 1024
const CHUNK = 64 * 1024

const LINES = [
  '\x1b[32mops@web-1\x1b[0m:~$ tail -f /var/log/nginx/error.log\r\n',
  '2024/01/20 14:02:11 [error] 1234#0: *99 upstream timed out (110: Connection timed out)\r\n',
  '決済APIのレスポンスが遅延しています。コネクションプール使用率 98%\r\n',
  'Jan 20 14:02:12 web-1 app[4411]: GET /checkout 504 30012ms request_id=8f1e2c\r\n',
]

function buildLargeIncident(core: Core): { incidentId: string; sessionIds: string[] } {
  const incident = core.incidents().incidents.declare({
    title: 'Checkout latency (large)',
    severity: 'P1',
    services: ['checkout'],
    impactScope: 'core',
    detection: 'monitoring-alert',
  })
  const store = core.data.require()
  const start = incident.declaredAt
  for (let i = 1; i < LARGE_EVENTS; i += 1000) {
    const n = Math.min(1000, LARGE_EVENTS - i)
    store.timeline.appendMany(
      incident.id,
      Array.from({ length: n }, (_, k) => ({
        kind: 'note',
        at: start + (i + k) * 1000,
        actor: k % 2 ? 'aiko' : 'kenji',
        payload: { text: `${LINES[(i + k) % 4]!.trim()} #${i + k}` },
      })),
    )
  }
  const sessionIds: string[] = []
  const block = Buffer.from(LINES.join('').repeat(Math.ceil(CHUNK / 200))).subarray(0, CHUNK)
  const perSession = LARGE_TRANSCRIPT_BYTES / 4
  store.db.transaction(() => {
    for (let s = 0; s < 4; s++) {
      const id = `large-session-${s}`
      sessionIds.push(id)
      store.db
        .prepare(
          `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
           VALUES (?, ?, NULL, 'local', ?, 120, 40, ?, ?, 0)`,
        )
        .run(id, incident.id, `web-${s + 1}`, start, start + 3_600_000)
      const insert = store.db.prepare(
        'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
      )
      for (let b = 0; b < perSession / CHUNK; b++) insert.run(id, start + b * 100, 'o', block)
    }
  })()
  return { incidentId: incident.id, sessionIds }
}

/** The baseline: every event row and transcript byte of the incident, SELECTed and written. */
function bareSelectAndWrite(
  core: Core,
  incidentId: string,
  sessionIds: string[],
  file: string,
  what: { events: boolean; chunks: boolean },
): void {
  const db = core.data.require().db
  const fd = openSync(file, 'w')
  try {
    if (what.events) {
      const rows = db
        .prepare('SELECT * FROM timeline_events WHERE incident_id = ? ORDER BY seq')
        .all(incidentId)
      for (const r of rows) writeSync(fd, `${JSON.stringify(r)}\n`)
    }
    if (what.chunks) {
      const chunks = db.prepare(
        'SELECT data FROM transcript_chunks WHERE session_id = ? ORDER BY id',
      )
      for (const id of sessionIds) {
        for (const c of chunks.all(id) as { data: Buffer }[]) writeSync(fd, c.data)
      }
    }
  } finally {
    closeSync(fd)
  }
}

async function timeExport(core: Core, incidentId: string, format: ExportFormat): Promise<number> {
  const start = process.hrtime.bigint()
  await core.exports().service.run({ incidentId, format, lang: 'en', patterns: [], inline: false })
  return Number(process.hrtime.bigint() - start) / 1e9
}

export const exportLarge: Benchmark = {
  name: 'export-large-incident',
  description:
    'Export of one incident with 10 000 timeline events and 50 MB of terminal transcripts (4 sessions, 64 KB chunks): the JSON hand-over bundle, the asciicast recordings and the Markdown postmortem, each against a bare SELECT of the same rows written to a file.',
  howToRead:
    'Ratio = export time / bare SELECT + write time. What the ratio pays for: redaction of every string and transcript byte, JSON and base64 encoding, progress events, temp file + rename.',
  run: () =>
    withTempDirAsync(async (dir) => {
      const core = new Core({
        dataDir: join(dir, 'data'),
        shell: 'headless',
        version: 'bench',
        backupIntervalMs: 0,
      })
      core.start()
      try {
        const { incidentId, sessionIds } = buildLargeIncident(core)
        const figures: Figure[] = []
        for (const [format, label, events, chunks] of [
          ['json', 'JSON bundle, 10k events + 50 MB', true, true],
          ['asciicast', 'asciicast, 4 sessions, 50 MB', false, true],
          ['markdown', 'Markdown postmortem, 10k events', true, false],
        ] as const) {
          const ours: number[] = []
          const bare: number[] = []
          for (let i = 0; i < RUNS; i++) {
            ours.push(await timeExport(core, incidentId, format))
            const start = process.hrtime.bigint()
            bareSelectAndWrite(core, incidentId, sessionIds, join(dir, `bare-${i}`), {
              events,
              chunks,
            })
            bare.push(Number(process.hrtime.bigint() - start) / 1e9)
          }
          figures.push({
            label,
            value: median(ours),
            unit: 's',
            baselineLabel: `bare SELECT of ${[events && 'events', chunks && 'chunks'].filter(Boolean).join(' + ')}, written`,
            baselineValue: median(bare),
            higherIsBetter: false,
            samples: ours,
            baselineSamples: bare,
          })
        }
        return figures
      } finally {
        core.close()
      }
    }),
}
