// Decides what a missing service binary means: locally a loud skip, in CI (CI=true) a failure,
// because a CI run that silently skipped its real-service tests would prove nothing.
import { accessSync, constants } from 'node:fs'
import { basename } from 'node:path'
import { describe } from 'vitest'

/** Debian packages that ship each binary the integration tests start. */
const APT_PACKAGES: Readonly<Record<string, string>> = {
  sshd: 'openssh-server',
  ssh: 'openssh-client',
  'ssh-keygen': 'openssh-client',
  postgres: 'postgresql',
  initdb: 'postgresql',
  pg_ctl: 'postgresql',
  psql: 'postgresql-client',
  prometheus: 'prometheus',
  'redis-server': 'redis-server',
  'prometheus-node-exporter': 'prometheus-node-exporter',
  node_exporter: 'prometheus-node-exporter',
  asciinema: 'asciinema',
  chromium: 'chromium',
  script: 'bsdutils',
  setpriv: 'util-linux',
  aws: 'awscli',
  kubectl: 'kubectl (not in Debian: install it from https://dl.k8s.io or the machine image)',
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const warned = new Set<string>()

/**
 * `undefined` when `path` is an executable; otherwise, outside CI, the reason to skip (also
 * printed with console.warn, so a skip is never silent). In CI a missing binary throws.
 * Use as `describe.skipIf(requireBinary('sshd', '/usr/sbin/sshd'))(...)`.
 */
export function requireBinary(name: string, path: string, aptPackage?: string): string | undefined {
  if (isExecutable(path)) return undefined
  const pkg = aptPackage ?? APT_PACKAGES[name] ?? APT_PACKAGES[basename(path)]
  const install = pkg ? `install it with: apt-get install -y ${pkg}` : 'install it'
  const reason = `${name} not found at ${path}; ${install}`
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and a required service is missing: ${reason}`)
  }
  if (!warned.has(reason)) {
    warned.add(reason)
    console.warn(`[skip] ${reason}`)
  }
  return reason
}

export interface Requirement {
  name: string
  path: string
  aptPackage?: string
}

/** All missing binaries as one skip reason (each one is warned about, or thrown for in CI). */
export function requireBinaries(requirements: readonly Requirement[]): string | undefined {
  const reasons = requirements
    .map((r) => requireBinary(r.name, r.path, r.aptPackage))
    .filter((r): r is string => r !== undefined)
  return reasons.length ? reasons.join('; ') : undefined
}

/**
 * `describe` that runs only when every binary is present: skipped with a printed reason locally,
 * a failure in CI (the throw happens while the file is collected).
 */
export function describeWithBinaries(
  title: string,
  requirements: readonly Requirement[],
  body: () => void,
): void {
  const missing = requireBinaries(requirements)
  describe.skipIf(missing !== undefined)(missing ? `${title} (skipped: ${missing})` : title, body)
}
