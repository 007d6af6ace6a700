// Handlers of the app.*, store.* and secrets.* methods: what is running, which database is open,
// and whether saved passwords can be read. The store and the key lock (secrets/keyLock.ts) are
// Core's own foundations: Core remakes the domains when another database is opened.
import type { Core } from '../core'
import type { HandlersOf } from './handlerTypes'

export function appHandlers(core: Core): HandlersOf<'app' | 'store' | 'secrets'> {
  return {
    'app.info': () => core.info(),
    'store.status': () => core.data.status(),
    'store.openBackup': ({ file }) => core.openBackup(file),
    'store.startNew': () => core.startNew(),
    'store.backupNow': () => core.data.backupNow(),
    'secrets.status': () => core.keyLock.status(),
    'secrets.unlock': ({ passphrase }) => core.keyLock.unlock(passphrase),
    'secrets.setPassphrase': ({ passphrase }) => core.keyLock.setPassphrase(passphrase),
  }
}
