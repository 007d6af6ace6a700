// Export of a large incident (10 000 events + 50 MB of transcripts) against a bare SELECT of the
// same rows written straight to a file, same database, same disk, same run. The export adds
// redaction of every string and every transcript byte (with context across chunks), JSON and
// base64 encoding, progress events and the temp-file-then-rename.
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { Core } from '../src/main/core/core'
import type { ExportFormat } from '../src/shared/contract'
import {
  buildLargeIncident,
  LARGE_EVENTS,
  LARGE_TRANSCRIPT_BYTES,
} from '../test/helpers/largeIncident'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'

/** Runs per format (the machine is often shared: the median of five is steadier than of three). */
const RUNS = 5

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
  description: `Export of one incident with ${LARGE_EVENTS.toLocaleString('en')} timeline events and ${LARGE_TRANSCRIPT_BYTES / 1024 / 1024} MB of terminal transcripts (4 sessions, 64 KB chunks): the JSON hand-over bundle, the asciicast recordings and the Markdown postmortem, each against a bare SELECT of the same rows written to a file.`,
  howToRead:
    'Ratio = export time / bare SELECT + write time. What the ratio pays for: redaction of every string and transcript byte, JSON and base64 encoding, progress events, temp file + rename. ' +
    'Since #20: one case-insensitive scan for the trigger words of every rule (password, token, ://, -----BEGIN, AKIA, eyJ, mysql…) decides which rules run on a text (redactTriggers.test.ts proves it finds exactly what every rule finds); the postmortem keeps one date formatter per time zone (a new Intl.DateTimeFormat per row was 80 % of the Markdown export). ' +
    'Second round (#20): transcripts are judged as bytes (redactBytes.ts): the trigger scan reads each 1 MB batch of chunk bytes with 24 KB of context on each side, four bytes per step through a table of pairs (~1.4 GB/s alone, against ~300 MB/s for the regular expression over decoded text), and only a batch where a rule may match is decoded and judged as text, as before (redactBytes.test.ts: the same findings as the text scan, each chunk’s text as its streaming decoder gives it, secrets across chunk and batch bounds masked as the text redactor masks them); a clean chunk is never decoded: base64 of its bytes in the bundle, its bytes read as latin1 through JSON.stringify in the asciicast (what it writes for the text, ~700 MB/s against ~200 for decode + stringify + encode). The bundle’s event payloads are scanned as JSON, a page at a time (payloads only: a time zone such as Asia/Tokyo holds the trigger word asia). Output is gathered into 1 MB buffers (reused once written, 16 MB may wait for the disk); a transcript page stops reading rows at 4 MB (it read 500 rows of 64 KB to keep 64: 8× the blobs the floor reads). ' +
    'Before #20 (idle machine): JSON 18.8×, asciicast 30.0×, Markdown 13.0×; after the first round: 9.3×, 6.9×, 2.2×. ' +
    'Where the time goes now: CPU profiles of five exports of each, main thread, ms per export, on the shared machine (so every figure is stretched, the floor in the same profile too). JSON bundle, floor 170–240: trigger scan over 54 MB 115–135, base64 ~35, event JSON 30–40, SQLite reads 26–37, copies into the output buffers ~25, window copies 13–24, garbage collection 130–155 (counted over export and floor together; GC pauses during the export alone 40–60 ms, mostly full collections: each page of blobs outlives a few young collections, and its memory comes back only with a full one; since then a transcript page holds 1 MB of chunks, not 4 MB: interleaved runs of the same minute gave JSON 2.28–2.38× against 2.70–2.73×, asciicast 3.81–4.82× against 5.55–5.69×, and 256 KB or 512 KB pages no better than 1 MB). asciicast, floor ~100–110: escaping 105–145, trigger scan ~95, SQLite reads ~20, copies ~25, GC 140–170 likewise. ' +
    'What is left for asciicast is reading every byte twice in JavaScript (scan, then escape): even at the speeds measured alone, the two cost more than its floor (~0.05–0.1 s for 50 MB, which reads and writes bytes it never looks at), so ≤ 3× needs the scan and the escape in native (SIMD) code or fused into one pass; the bundle’s base64 is native already, and its floor is larger (it also writes the events as JSON).',
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
