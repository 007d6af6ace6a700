// Handlers of the export.* and postmortem.* methods: redaction preview, export with progress and
// cancel, hand-over import, the team's redaction patterns, the postmortem editor. One-line calls
// into the export domain's facade (export/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function exportHandlers(core: Core): HandlersOf<'export' | 'postmortem'> {
  const ex = () => core.exports()
  return {
    'export.preview': ({ incidentId, patterns }) => ex().preview(incidentId, patterns),
    'export.run': (p) => ex().run(p),
    'export.cancel': ({ exportId }) => ex().cancel(exportId),
    'export.import': (p) => ex().import(p),
    'export.importPreview': (p) => ex().importPreview(p),
    'export.patterns': () => ex().patterns(),
    'export.setPatterns': ({ patterns }) => ex().setPatterns(patterns),
    'postmortem.get': ({ incidentId, lang }) => ex().postmortem(incidentId, lang),
    'postmortem.save': ({ incidentId, lang, fields, actor }) =>
      ex().savePostmortem(incidentId, lang, fields, actor),
  }
}
