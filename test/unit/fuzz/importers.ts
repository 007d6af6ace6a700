// The JSON importers to fuzz, each with a real file it accepts (mutations of a valid file reach
// deeper than random text). Add an importer here when a new JSON format can be imported.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Core } from '../../../src/main/core/core'
import { checkChain, parseBundle } from '../../../src/main/core/export/importBundle'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { paramSchemas } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'

export interface JsonImporter {
  name: string
  /** A file the importer accepts, to mutate. */
  valid: string
  run(text: string): unknown
}

/** An incident bundle exported by a real Core (JSON export, inline). */
async function realBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-fuzz-bundle-'))
  const core = new Core({ dataDir: dir, shell: 'headless', version: 'fuzz', backupIntervalMs: 0 })
  try {
    core.start()
    const incidents = core.incidents().incidents
    const { id } = incidents.declare(
      paramSchemas['incidents.declare'].parse({
        title: 'bundle to fuzz',
        severity: 'P2',
        impactScope: impactScopes[0],
        detection: detectionMethods[0],
      }),
    )
    for (let i = 0; i < 5; i++) incidents.addNote(id, { text: `note ${i} ノート` })
    const viewer = { id: 'fuzz', sendFrame: () => undefined }
    const reply = await dispatch(
      createHandlers(core),
      1,
      'export.run',
      { incidentId: id, format: 'json', inline: true },
      { viewer },
    )
    if (!reply.ok) throw new Error(reply.error.message)
    const content = (reply.result as { content: string | null }).content
    if (!content) throw new Error('the JSON export returned no inline content')
    return content
  } finally {
    core.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function jsonImporters(): Promise<JsonImporter[]> {
  return [
    {
      name: 'incident bundle (export.import: parseBundle + checkChain)',
      valid: await realBundle(),
      run: (text) => checkChain(parseBundle(text)),
    },
  ]
}
