// Turns a saved target (and its jump hosts) into the endpoints to connect through, reading the
// key file and unsealing the password or passphrase only now, in memory.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { SitrepError } from '../../errors'
import type { Targets } from '../../targets/targets'
import { expandProxyCommand } from './proxyCommand'
import type { SshAuth, SshEndpoint } from './sshConnection'

function readKey(path: string, host: string): Buffer {
  const resolved = path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path
  try {
    return readFileSync(resolved)
  } catch (err) {
    throw new SitrepError(
      'auth_failed',
      `The private key ${resolved} for ${host} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check the path in the host's settings.`,
    )
  }
}

export function endpointsFor(
  targets: Targets,
  targetId: string,
  seen: Set<string> = new Set(),
): SshEndpoint[] {
  if (seen.has(targetId))
    throw new SitrepError('invalid_params', 'The jump hosts of this target form a loop.')
  seen.add(targetId)
  const t = targets.get(targetId)
  const secret = targets.secretOf(targetId)
  let auth: SshAuth
  switch (t.authKind) {
    case 'agent':
      auth = { kind: 'agent' }
      break
    case 'key':
      auth = {
        kind: 'key',
        privateKey: readKey(t.keyPath ?? '', t.name),
        ...(secret ? { passphrase: secret } : {}),
      }
      break
    case 'password':
    case 'keyboard-interactive':
      if (!secret)
        throw new SitrepError(
          'auth_failed',
          `No password is stored for ${t.name}; add it in the host's settings.`,
        )
      auth = { kind: t.authKind, password: secret }
  }
  const own: SshEndpoint = {
    host: t.host,
    port: t.port,
    username: t.user,
    auth,
    keepaliveIntervalMs: t.keepaliveSec * 1000,
  }
  // ProxyCommand replaces the route, as in OpenSSH (an imported host has one or the other). Its
  // tokens take the host, port and user saved now, so an edited host is reached where it says.
  if (t.proxyCommand) {
    const tokens = { host: t.host, port: t.port, user: t.user, alias: t.name }
    own.proxyCommand = { command: expandProxyCommand(t.proxyCommand, tokens), label: t.name }
    return [own]
  }
  // ProxyJump: each jump host's own chain comes first.
  const hops = t.jumpVia.flatMap((j) => endpointsFor(targets, j, new Set(seen)))
  return [...hops, own]
}
