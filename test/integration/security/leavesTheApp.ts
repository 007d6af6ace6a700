// Everything that leaves the app for an incident, as bytes: the secrets test searches all of it
// for planted secrets. Every export format in the contract is produced here (a new format is
// picked up automatically); add any other way data leaves Sitrep (clipboard texts, status
// update drafts, a new sync target…) to this function so the search covers it.
import { readFileSync } from 'node:fs'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { exportFormats } from '../../../src/shared/exportSchemas'

export interface Outbound {
  /** What it is, e.g. "export markdown: /data/exports/inc.md". */
  name: string
  bytes: Buffer
}

export async function everythingThatLeavesTheApp(
  core: Core,
  incidentId: string,
): Promise<Outbound[]> {
  const handlers = createHandlers(core)
  const viewer = { id: 'outbound', sendFrame: () => undefined }
  const out: Outbound[] = []
  for (const format of exportFormats) {
    const reply = await dispatch(
      handlers,
      1,
      'export.run',
      { incidentId, format, inline: true },
      { viewer },
    )
    if (!reply.ok) throw new Error(`export ${format} failed: ${reply.error.message}`)
    const result = reply.result as { files: { path: string }[]; content: string | null }
    if (result.files.length === 0) throw new Error(`export ${format} wrote no file`)
    for (const f of result.files) {
      out.push({ name: `export ${format}: ${f.path}`, bytes: readFileSync(f.path) })
    }
    if (result.content !== null) {
      out.push({ name: `export ${format} (inline)`, bytes: Buffer.from(result.content) })
    }
  }
  // Chat notifications (#18): every message the outbox queued for a webhook, as it is sent.
  const messages = core.data
    .require()
    .db.prepare('SELECT key, message FROM notify_outbox WHERE incident_id = ?')
    .all(incidentId) as { key: string; message: string }[]
  for (const m of messages)
    out.push({ name: `chat notification ${m.key}`, bytes: Buffer.from(m.message) })
  return out
}
