// Export of 10 000 events and 50 MB of transcripts: progress events all the way, a complete and
// valid bundle at the end, and a cancel halfway that leaves no file behind.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExportProgress } from '../../../src/shared/contract'
import { parseBundle } from '../../../src/main/core/export/importBundle'
import { makeCore } from '../../unit/export/fixture'
import {
  buildLargeIncident,
  LARGE_EVENTS,
  LARGE_TRANSCRIPT_BYTES,
} from '../../helpers/largeIncident'

describe('large export', () => {
  it('streams with progress, can be cancelled without leftovers, and completes', async () => {
    const { core } = makeCore(undefined, Date.now())
    try {
      const { incidentId } = buildLargeIncident(core)
      const progress: ExportProgress[] = []
      core.events.on('export.progress', (p) => progress.push(p))
      const exportsDir = join(core.opts.dataDir, 'exports')

      // Cancel once a fifth is written.
      const cancelled = core.exports().service.run({
        incidentId,
        format: 'json',
        exportId: 'to-cancel',
        lang: 'en',
        patterns: [],
        inline: false,
      })
      const stop = core.events.on('export.progress', (p) => {
        if (p.exportId === 'to-cancel' && p.done > p.total / 5)
          core.exports().service.cancel('to-cancel')
      })
      await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })
      stop()
      expect(progress.at(-1)).toMatchObject({ exportId: 'to-cancel', phase: 'cancelled' })
      expect(readdirSync(exportsDir)).toEqual([])

      const started = Date.now()
      const r = await core.exports().service.run({
        incidentId,
        format: 'json',
        exportId: 'full',
        lang: 'en',
        patterns: [],
        inline: false,
      })
      const ms = Date.now() - started
      console.log(
        `JSON export of ${LARGE_EVENTS} events + 50 MB transcripts: ${ms} ms, ${r.files[0]!.bytes} bytes`,
      )
      const mine = progress.filter((p) => p.exportId === 'full')
      expect(mine.length).toBeGreaterThan(5)
      expect(mine.at(-1)).toMatchObject({ phase: 'done' })
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total)
      const dones = mine.map((p) => p.done)
      expect(dones).toEqual([...dones].sort((a, b) => a - b))
      expect(mine.some((p) => p.phase === 'transcripts')).toBe(true)
      const bundle = parseBundle(readFileSync(r.files[0]!.path, 'utf8'))
      expect(bundle.events).toHaveLength(LARGE_EVENTS)
      const bytes = bundle.sessions.reduce(
        (n, s) => n + s.chunks.reduce((m, c) => m + Buffer.from(c[2], 'base64').byteLength, 0),
        0,
      )
      expect(bytes).toBe(LARGE_TRANSCRIPT_BYTES)
      expect(readdirSync(exportsDir)).toHaveLength(1)
    } finally {
      core.close()
    }
  }, 180_000)
})
