// The headless bridge's token kept in the data folder: reused by a restart, private, rotated on
// request or when the file could be read by others.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BRIDGE_FILE,
  loadBridgeCredentials,
  saveBridgePort,
} from '../../../src/main/core/bridge/credentials'
import { tempDir } from '../../helpers/tempDir'

const posix = process.platform !== 'win32'

describe('bridge credentials', () => {
  it('makes a token once and gives the same one (and the last port) to the next start', () => {
    const dir = tempDir()
    const first = loadBridgeCredentials(dir)
    expect(first.note).toBeNull()
    expect(first.creds.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.creds.port).toBe(0)
    if (posix) expect(statSync(join(dir, BRIDGE_FILE)).mode & 0o777).toBe(0o600)
    saveBridgePort(dir, first.creds, 41234)

    const again = loadBridgeCredentials(dir)
    expect(again).toEqual({
      creds: { token: first.creds.token, port: 41234, used: false, sessions: [] },
      note: null,
    })
  })

  it('rotates on request, keeping the port', () => {
    const dir = tempDir()
    const first = loadBridgeCredentials(dir)
    saveBridgePort(dir, first.creds, 40000)
    const rotated = loadBridgeCredentials(dir, { rotate: true })
    expect(rotated.creds.token).not.toBe(first.creds.token)
    expect(loadBridgeCredentials(dir).creds.token).toBe(rotated.creds.token)
  })

  it.skipIf(!posix)('never uses a token others could read, and replaces it privately', () => {
    const dir = tempDir()
    const first = loadBridgeCredentials(dir)
    const path = join(dir, BRIDGE_FILE)
    chmodSync(path, 0o644)
    const next = loadBridgeCredentials(dir)
    expect(next.note).toBe('exposed')
    expect(next.creds.token).not.toBe(first.creds.token)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('replaces a damaged file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, BRIDGE_FILE), '{"token":"short"}', { mode: 0o600 })
    const next = loadBridgeCredentials(dir)
    expect(next.note).toBe('unreadable')
    expect(JSON.parse(readFileSync(join(dir, BRIDGE_FILE), 'utf8'))).toEqual(next.creds)
  })
})
