// Secrets in the app are sealed by the OS keychain through Electron's safeStorage (Keychain on
// macOS, DPAPI on Windows, libsecret/kwallet on Linux). Where none is available the core falls
// back to its key file, and says so in the provider name.
import { safeStorage } from 'electron'
import type { KeyProvider } from '../core/secrets/keyProvider'

export function safeStorageKeys(): KeyProvider | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined
  return {
    name: 'OS keychain (Electron safeStorage)',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  }
}
