// Builds a psql session: the real psql in a local pty, connected directly or through an SSH
// host's tunnel (core.ssh.tunnel: ssh2 forwardOut behind a 127.0.0.1 listener). The password
// goes only into the child's environment (PGPASSWORD), never argv (visible in ps) or disk.
// Production databases start read-only (seed 004): PGOPTIONS sets default_transaction_read_only,
// so a write fails in PostgreSQL itself unless the responder opened the session for writes.
import type { PsqlTarget } from '../../../../shared/contract'

/** psql from PATH, or SITREP_PSQL (a full path) when set. */
export function psqlBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITREP_PSQL?.trim() || 'psql'
}

export interface TunnelOpener {
  (sshTargetId: string, host: string, port: number): Promise<{ localPort: number; close(): void }>
}

export interface PsqlSpawn {
  title: string
  file: string
  args: string[]
  env: Record<string, string>
  readOnly: boolean
  cleanup(): void
}

export async function psqlSpawn(
  target: PsqlTarget,
  password: string | null,
  opts: { readOnly: boolean; tunnel: TunnelOpener; sshName?: (id: string) => string },
): Promise<PsqlSpawn> {
  let host = target.host
  let port = target.port
  let cleanup = (): void => undefined
  if (target.viaSshTargetId) {
    // The database address is resolved on the SSH host (often localhost there).
    const tunnel = await opts.tunnel(target.viaSshTargetId, target.host, target.port)
    host = '127.0.0.1'
    port = tunnel.localPort
    cleanup = () => tunnel.close()
  }
  const env: Record<string, string> = {
    PGAPPNAME: 'sitrep',
    PGCONNECT_TIMEOUT: '10',
    // A stale variable from the responder's shell must not change what this target connects to.
    PGHOST: host,
    PGPORT: String(port),
    PGDATABASE: target.database,
    PGUSER: target.user,
  }
  if (password !== null) env.PGPASSWORD = password
  if (opts.readOnly) env.PGOPTIONS = '-c default_transaction_read_only=on'
  const via = target.viaSshTargetId ? ` via ${opts.sshName?.(target.viaSshTargetId) ?? 'SSH'}` : ''
  return {
    title: `${target.name} (${target.user}@${target.host}/${target.database}${via})${opts.readOnly ? ' [read-only]' : ''}`,
    file: psqlBinary(),
    args: [
      '--host',
      host,
      '--port',
      String(port),
      '--username',
      target.user,
      '--dbname',
      target.database,
    ],
    env,
    readOnly: opts.readOnly,
    cleanup,
  }
}
