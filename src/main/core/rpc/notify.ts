// Handlers of the notify.* methods (issue #18, chat notifications): webhook channels, a test
// message, deliveries. One-line calls into the notify domain's facade (notify/domain.ts).
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function notifyHandlers(core: Core): HandlersOf<'notify'> {
  const notify = () => core.notify()
  return {
    'notify.channels': () => notify().channels(),
    'notify.addChannel': (p) => notify().addChannel(p),
    'notify.updateChannel': ({ id, ...change }) => notify().updateChannel(id, change),
    'notify.removeChannel': ({ id }) => notify().removeChannel(id),
    'notify.test': ({ id }) => notify().test(id),
    'notify.deliveries': ({ incidentId }) => notify().deliveries(incidentId),
  }
}
