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
    'Third round (#20, asciicast): a clean chunk is escaped as JSON without a string: the batch’s window (1 MB of chunks and the context) is gathered into a WebAssembly memory, scanned there for trigger words, and each chunk escaped there by a SIMD loop (jsonEscapeSimd.ts, a few hundred bytes written out instruction by instruction: sixteen bytes per step compared with what JSON escapes — below 0x20, quote, backslash — and stored as they are when none is there, else byte by byte from a table of each byte’s JSON form); the escaped bytes go to the output buffers as they are. The latin1 text and its JSON.stringify (100 MB of garbage per export) are gone. Where WebAssembly cannot run, one JavaScript loop scans and escapes (Redactor.mayMatchBytesEscaping). Both trigger scans read the words that need nothing in an inner loop of their own, which V8 runs ~15–25 % faster (the bundle’s scan too). castBytes.test.ts holds the output to the text path (streaming decode, text redactor, JSON.stringify) byte for byte on random bytes, broken UTF-8, control characters, U+2028, characters split across chunks, secrets at chunk and batch bounds, every alignment and block position, with and without WebAssembly. ' +
    'Before #20 (idle machine): JSON 18.8×, asciicast 30.0×, Markdown 13.0×; after the first round: 9.3×, 6.9×, 2.2×; after the second: 2.57×, 3.99× (runs 3.60–5.51), 1.84×. ' +
    'Where the time went in the second round (CPU profiles of five exports of each, main thread, ms per export, shared machine): JSON bundle, floor 170–240: trigger scan over 54 MB 115–135, base64 ~35, event JSON 30–40, SQLite reads 26–37, copies into the output buffers ~25, window copies 13–24, garbage collection 130–155 (over export and floor together; a transcript page holds 1 MB of chunks since, not 4 MB: its blobs outlived young collections). asciicast, floor ~100–110: escaping 105–145, trigger scan ~95, SQLite reads ~20, copies ~25, GC 140–170. ' +
    'Third round, measured while other helpers’ test suites ran (load 6–22 on 2 cores), so in CPU time of the main thread, which preemption does not stretch. Judging and escaping 50 MB of the bench’s transcript (800 chunks of 64 KB, 4 sessions): 67 ms with the SIMD escape (trigger scan 42–44, window copies into the WebAssembly memory ~14 (the gather the scan needed anyway), escape ~11–22, markWords ~8 — the Japanese line holds API, a trigger word’s start), 79–84 with the JavaScript scan-and-escape loop, against 48–50 for the scan alone and ~60–66 more for latin1 + JSON.stringify before; the bundle’s judging (scan only) 41–44 against 47–50. A whole asciicast export: 151–187 ms of main-thread CPU against 202–238 for the second round’s code run in the same minutes (separate processes, 8–12 exports each), the floor 34–50 (reads and writeSync): 3.5–4.6× against 5.0–6.7× in CPU; JSON and Markdown unchanged within the noise (JSON 2.1–2.4× against 2.1–2.3×, Markdown 2.2–2.4× against 2.2–2.3×). Profile after (asciicast, ten exports and floors, main thread, ms per export in samples the load stretches ~1.5×): trigger scan 74 + word checks 16, SQLite reads of the blobs ~80 (page by page; the floor’s own reads 42), the SIMD escape 36, window copies 23, copies into the output buffers 23, isUtf8 of each chunk 17, memory growth 5; garbage collection 64 per export and floor together against 94 for the second round’s code. ' +
    'Wall time under that load says little for the export: it hands its writes to the libuv thread pool and waits for it, the floor writes synchronously on one thread, and with 15+ runnable processes each hand-over waits for a core (on tmpfs, where writing costs next to nothing, an export of ~170 ms CPU took 500–1100 ms of wall time, the second round’s code alike); the bench’s runs carry that: three runs of this section at load 14–17 gave asciicast 10.91×, 2.02×, 6.00×, the second round’s code run between them 6.96×, 5.97×, 6.86×; JSON 1.28×, 3.11×, 1.30× (second round 3.43×, 2.67×, 3.90×); Markdown 2.47×, 2.15×, 2.62× (1.83×, 1.55×, 2.75×); the CPU-time figures above are the ones to compare. ' +
    'On a quiet machine afterwards (load below 1, 2026-12-05, three runs of this section): JSON 2.76×, 2.25×, 2.63×; asciicast 2.38×, 3.12×, 3.83× (0.17, 0.17 and 0.21 s against floors of 0.07, 0.05 and 0.05 s); Markdown 2.05×, 1.94×, 1.91× (the table is the last run). JSON and Markdown meet the goal in every run; asciicast in one of three (median 3.12×). What is left: in CPU time the asciicast export is still 3.5–4.6× its floor, not ≤ 3×. Its own work is now mostly what no encoding choice removes — the blob reads the floor also pays (more, page by page), the copies of the window and into the output buffers, the UTF-8 check — plus the trigger scan in JavaScript, ~0.8 ns per byte (two table lookups per four bytes; ~18 % of the bench’s words take its slow path: the English holds the pairs au, ec, re…, the Japanese line API). The next steps: the trigger scan in WebAssembly too (the same tables without bounds checks, a SIMD prefilter for the pairs), the isUtf8 check folded into the SIMD loop, and chunks read a session at a time into one buffer instead of a Buffer per row.',
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
