// Builds a psql session: the real psql in a local pty, connected directly or through an SSH
// host's tunnel (core.ssh.tunnel: ssh2 forwardOut behind a 127.0.0.1 listener). The password
// goes only into the child's environment (PGPASSWORD), never argv (visible in ps) or disk.
// Production databases start read-only (seed 004): PGOPTIONS sets default_transaction_read_only,
// so a write fails in PostgreSQL itself unless the responder opened the session for writes.
import type { PsqlTarget } from '../../../../shared/contract'
import { InvalidParamsError } from '../../errors'

/** The server default that makes every transaction read-only (PGOPTIONS for libpq). */
export const READ_ONLY_PGOPTIONS = '-c default_transaction_read_only=on'

/**
 * A database name psql will take as a name. libpq reads a --dbname holding `=` or starting with
 * postgres:// / postgresql:// as a whole connection string, whose host, port and user override
 * the target's — so a saved "database" of `host=attacker.example dbname=x` would send the
 * target's PGPASSWORD elsewhere. Such a value is refused, not quoted.
 */
export function isPlainDatabaseName(name: string): boolean {
  return (
    name.length > 0 &&
    !name.includes('=') &&
    !/^postgres(?:ql)?:\/\//i.test(name) &&
    // eslint-disable-next-line no-control-regex
    !/[\x00-\x1f\x7f]/.test(name)
  )
}

/**
 * The shell text that runs captured SQL (fed on stdin) on a host's own psql. On production it
 * starts read-only like a psql target's sessions: the write fails in PostgreSQL itself.
 */
export function capturedSqlCommand(readOnly: boolean): string {
  const psql = 'psql -X -v ON_ERROR_STOP=1 -f -'
  return readOnly ? `PGOPTIONS='${READ_ONLY_PGOPTIONS}' ${psql}` : psql
}

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
  if (!isPlainDatabaseName(target.database))
    throw new InvalidParamsError(
      `The database name of "${target.name}" is a connection string, not a name (it contains "=" or a postgres:// prefix), so psql would connect wherever it says. Save the plain database name.`,
    )
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
  if (opts.readOnly) env.PGOPTIONS = READ_ONLY_PGOPTIONS
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
