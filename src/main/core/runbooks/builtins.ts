// Where the runbooks shipped with Sitrep live (resources/runbooks/<lang>/*.md) and loading them
// into the library at start. The folder is found relative to the running code: the built app
// runs from out/main/*.js, tests run the sources under src/main/core/runbooks/.
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ImportOutcome } from '../../../shared/runbookSchemas'
import { emptyOutcome, type RunbookLibrary } from './library'

export const BUILTIN_LANGS = ['en', 'ja'] as const

export function builtinRunbooksDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [
    process.env.SITREP_BUILTIN_RUNBOOKS,
    resolve(here, '../../resources/runbooks'),
    resolve(here, '../../../../resources/runbooks'),
    resolve(process.cwd(), 'resources/runbooks'),
  ]
  for (const dir of candidates) {
    if (dir && existsSync(dir) && statSync(dir).isDirectory()) return dir
  }
  return null
}

/**
 * Imports every built-in runbook; unchanged ones add nothing, an updated app adds a version.
 * A missing folder (a build without resources) loads nothing rather than failing the start.
 */
export function loadBuiltins(library: RunbookLibrary, dir = builtinRunbooksDir()): ImportOutcome {
  const outcome = emptyOutcome()
  if (!dir) return outcome
  for (const lang of BUILTIN_LANGS) {
    const langDir = join(dir, lang)
    if (!existsSync(langDir)) continue
    const r = library.importFolder(langDir, true, lang)
    outcome.imported.push(...r.imported)
    outcome.new.push(...r.new)
    outcome.changed.push(...r.changed)
    outcome.unchanged.push(...r.unchanged)
    outcome.conflicts.push(...r.conflicts)
    outcome.failed.push(...r.failed)
  }
  return outcome
}
