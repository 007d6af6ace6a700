// A real Core for tests: its own temp data folder, OpenSSH's known_hosts pointed at a file that
// does not exist (so the machine's own trust never leaks in), no backup timer. And the SSH host
// a harness sshd stands for, saved as a key-auth target.
import { join } from 'node:path'
import { Core } from '../../src/main/core/core'
import type { Target } from '../../src/shared/contract'
import type { Sshd } from './services/sshd'
import { tempDir } from './tempDir'

export interface TestCoreOptions {
  dataDir?: string
  /** Answer every unknown host key question: true trusts, false refuses; unset leaves it open. */
  trustUnknownHosts?: boolean
}

export function startTestCore(opts: TestCoreOptions = {}): Core {
  const dataDir = opts.dataDir ?? tempDir()
  const core = new Core({
    dataDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
  })
  core.start()
  const trust = opts.trustUnknownHosts
  if (trust !== undefined)
    core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, trust))
  return core
}

/** Saves `sshd` as a key-auth SSH target (its running user, its client key). */
export function saveSshHost(core: Core, sshd: Sshd, name: string, tags: string[] = []): Target {
  return core.data.require().targets.saveSsh({
    name,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    authKind: 'key',
    keyPath: sshd.clientKeyPath,
    jumpVia: [],
    tags,
    keepaliveSec: 15,
  })
}
