// Handlers of the runbooks.* methods: the library, incident checklists and the step runner.
// One-line calls into the runbooks domain's facade (runbooks/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function runbookHandlers(core: Core): HandlersOf<'runbooks'> {
  const rb = () => core.runbooks()
  return {
    'runbooks.list': ({ lang }) => rb().list(lang),
    'runbooks.get': ({ runbookId, version }) => rb().get(runbookId, version),
    'runbooks.importFile': ({ path }) => rb().importFile(path),
    'runbooks.importFolder': ({ path }) => rb().importFolder(path),
    'runbooks.importText': ({ text, source }) => rb().importText(text, source),
    'runbooks.importFiles': ({ files }) => rb().importFiles(files),
    'runbooks.startForIncident': ({ incidentId, runbookId, actor }) =>
      rb().start(incidentId, runbookId, actor),
    'runbooks.forIncident': ({ incidentId }) => rb().forIncident(incidentId),
    'runbooks.setParameters': ({ incidentId, values }) => rb().setParameters(incidentId, values),
    'runbooks.run': (p) => rb().run(p),
    'runbooks.fillPreview': (p) => rb().fillPreview(p),
    'runbooks.runSection': (p) => rb().runSection(p),
    'runbooks.tick': (p) => rb().tick(p),
    'runbooks.output': ({ runId }) => rb().output(runId),
  }
}
