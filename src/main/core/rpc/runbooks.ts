// Handlers of the runbooks.* methods: the library, incident checklists and the step runner.
import type { Core } from '../core'
import type { RunbookMethodResults } from '../../../shared/runbookSchemas'
import type { Handlers } from './handlerTypes'

export function runbookHandlers(core: Core): Pick<Handlers, keyof RunbookMethodResults> {
  const rb = () => core.runbooks()
  return {
    'runbooks.list': ({ lang }) => rb().library.list(lang),
    'runbooks.get': ({ runbookId, version }) => rb().library.get(runbookId, version),
    'runbooks.importFile': ({ path }) => rb().imported(rb().library.importFile(path)),
    'runbooks.importFolder': ({ path }) => rb().imported(rb().library.importFolder(path)),
    'runbooks.importText': ({ text, source }) =>
      rb().imported(rb().library.importText(text, source)),
    'runbooks.importFiles': ({ files }) => rb().imported(rb().library.importFiles(files)),
    'runbooks.startForIncident': ({ incidentId, runbookId, actor }) =>
      rb().start(incidentId, runbookId, actor || null),
    'runbooks.forIncident': ({ incidentId }) => rb().checklists.view(incidentId),
    'runbooks.setParameters': ({ incidentId, values }) => rb().setParameters(incidentId, values),
    'runbooks.run': (p) => rb().run(p),
    'runbooks.fillPreview': (p) => rb().fillPreview(p),
    'runbooks.runSection': (p) => rb().runSection(p),
    'runbooks.tick': ({ incidentId, runbookId, stepId, checked, comment, actor }) =>
      rb().tick(incidentId, runbookId, stepId, {
        checked,
        actor: actor || null,
        ...(comment ? { comment } : {}),
      }),
    'runbooks.output': ({ runId }) => rb().checklists.run(runId),
  }
}
