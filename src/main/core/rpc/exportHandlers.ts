// Handlers of the export.* and postmortem.* methods: redaction preview, export with progress and
// cancel, hand-over import, the team's redaction patterns, the postmortem editor.
import type { Core } from '../core'
import type { ExportMethodResults } from '../../../shared/contract'
import type { Handlers } from './handlers'

export function exportHandlers(core: Core): Pick<Handlers, keyof ExportMethodResults> {
  return {
    'export.preview': ({ incidentId, patterns }) => core.exports().preview(incidentId, patterns),
    // A path is honoured only in the app (it comes from the native save dialog); headless mode
    // writes under <dataDir>/exports, so a page cannot write anywhere on the disk.
    'export.run': ({ path, ...p }) =>
      core.exports().service.run(core.opts.shell === 'electron' && path ? { ...p, path } : p),
    'export.cancel': ({ exportId }) => core.exports().service.cancel(exportId),
    'export.import': (p) =>
      core.exports().import(core.opts.shell === 'electron' ? p : { ...p, path: undefined }),
    'export.patterns': () => core.exports().service.patterns(),
    'export.setPatterns': ({ patterns }) => core.exports().service.setPatterns(patterns),
    'postmortem.get': ({ incidentId, lang }) => core.exports().postmortem(incidentId, lang),
    'postmortem.save': ({ incidentId, lang, fields, actor }) =>
      core.exports().savePostmortem(incidentId, lang, fields, actor),
  }
}
