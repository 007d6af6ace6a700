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
    'On a quiet machine afterwards (load below 1, 2026-12-05, three runs of this section): JSON 2.76×, 2.25×, 2.63×; asciicast 2.38×, 3.12×, 3.83× (0.17, 0.17 and 0.21 s against floors of 0.07, 0.05 and 0.05 s); Markdown 2.05×, 1.94×, 1.91× (the table is the last run). JSON and Markdown meet the goal in every run; asciicast in one of three (median 3.12×). ' +
    'Fourth round (#20, this session): the trigger scan of each window runs in WebAssembly SIMD too, in the memory the window is gathered into (jsonEscapeSimd.ts, scan): sixteen places per step, each place’s three bytes looked up in nibble masks (as Hyperscan’s Teddy: 8 buckets of the words’ three-byte starts, chosen to keep each bucket’s nibble products small), and a place that passes is checked exactly in the pair and thirds tables the JavaScript scan uses; reads stay inside the window. A start is turned away by its fourth byte before its words are compared (the bench’s API before Japanese text, ~3,300 starts per MB). Both writers use it (the bundle’s chunks too); where WebAssembly cannot run, or the memory holds another table, the JavaScript scan runs. triggerScanSimd.test.ts holds the places it finds to a plain three-byte reading (fast-check on random and adversarial bytes, every word in either case at every place of a step, nothing read before or after the window) and a stream’s judgement, secrets across chunk and batch bounds, to the JavaScript scan and the text redactor. Scan and word checks of 50 MB of the bench’s transcript: 12–16 ms of CPU against 28–39 in JavaScript (the SIMD loop alone, on bytes with no candidate, ~10). The memory is handed from session to session (a new one per session grew and zeroed ~6 MB: 90–92 ms per export against 97–100), the sinks’ 1 MB output buffers are shared by every export (17 MB of new buffers per asciicast export, memory outside V8’s heap that brings full collections sooner: 23–25 full collections in 13 exports against 30–31), and the page query is prepared once. Tried and dropped: a block with a byte to escape escaped from its first escape on (a step per escape, or a jump into the sixteen single-byte steps): no faster; 256 KB batches: no different; yielding to the event loop less often: more GC, not less. ' +
    'Measured while other helpers’ work ran (load 1.8–2.5 on 2 cores), in main-thread CPU: the third round’s code (24de069) and this one alternating, 8 exports each with the floor after each: asciicast export 112–125 ms against 79–95, floor 34–45, ratio of the medians 3.03–3.61× against 2.41–2.60×; exports alone, 10 in a row: main thread 113–118 ms against 79–84, the whole process (GC helper threads, the writes in the libuv pool) 193–218 against 175–180, the floor 42–45 (70 for the process). Where an export’s main-thread time goes now (profile, ms per export): SQLite reads of the blobs ~33 (the floor’s own ~25), GC ~15–20, the SIMD scan ~15, the SIMD escape ~14, window copies ~7, copies into the output buffers ~6, isUtf8 ~3–8, word checks ~2. The bench, six runs in the session: at load ~2 (06:10 UTC, other helpers profiling) three in a row, asciicast 1.81×, 2.15×, 0.92× (the last against floors the load stretched to 0.05–0.21 s), JSON 2.05×, 2.02×, 2.84×, Markdown 1.91×, 1.90×, 1.90×; two earlier, asciicast 4.39× (load 1.7, floors 0.04 s, exports 0.13–0.22 s) and 1.54×; the table is the last, at load 0.9–1.3 (06:16 UTC): asciicast 2.87× (0.12 s against 0.04 s, runs 1.70–4.07), JSON 1.98×, Markdown 1.88×, and in the same minute, main-thread CPU, 24de069 123 ms against 89, floors 36 (3.39× against 2.45×). On that quiet machine an export took 94–132 ms of wall time for 82–94 ms of main-thread CPU: the rest is the main thread waiting for a core while its GC helpers and the writes run (175–180 ms of CPU per export over the process, on 2 cores). ' +
    'What is left: the asciicast export is 2.4–2.6× its floor in main-thread CPU and within 3× in five of the session’s six bench runs (median of each run), but single runs still reach 4×: its GC helper threads and its writes (in the libuv pool) wait for a core, where the floor runs on one thread. Its full collections start from tasks the export’s yields between pages let V8 run, ~1.5 per export (the floor, synchronous, leaves its own for the export that follows it); V8’s memory reducer is not the cause (without it, more). Most of what remains is reading the blobs as the floor does (a Buffer per row: better-sqlite3 cannot read into a given buffer, and one buffer per page would need SQLite to concatenate the rows, a copy more) and the full collections their 50 MB of Buffers bring. The isUtf8 check (Node’s simdutf, ~3–7 ms per 50 MB alone) is cheaper than a hand-written WebAssembly validator would be, so it stays.',
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
