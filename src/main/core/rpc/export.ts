// Handlers of the export.* and postmortem.* methods: redaction preview, export with progress and
// cancel, hand-over import, the team's redaction patterns, the postmortem editor.
import type { Core } from '../core'
import type { ExportMethodResults } from '../../../shared/contract'
import type { Handlers } from './handlerTypes'

export function exportHandlers(core: Core): Pick<Handlers, keyof ExportMethodResults> {
  return {
    'export.preview': ({ incidentId, patterns }) => core.exports().preview(incidentId, patterns),
    // Exports are written under <dataDir>/exports only, and import takes the bundle's text:
    // a page (possibly showing hostile remote output) can never choose a path on the disk.
    'export.run': (p) => core.exports().service.run(p),
    'export.cancel': ({ exportId }) => core.exports().service.cancel(exportId),
    'export.import': (p) => core.exports().import(p),
    'export.importPreview': (p) => core.exports().importPreview(p),
    'export.patterns': () => core.exports().service.patterns(),
    'export.setPatterns': ({ patterns }) => core.exports().service.setPatterns(patterns),
    'postmortem.get': ({ incidentId, lang }) => core.exports().postmortem(incidentId, lang),
    'postmortem.save': ({ incidentId, lang, fields, actor }) =>
      core.exports().savePostmortem(incidentId, lang, fields, actor),
  }
}
