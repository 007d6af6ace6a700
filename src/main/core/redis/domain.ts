// The Redis domain as the contract and the other domains see it (issue #19). It holds the rules
// of the Redis console:
// - a console opens on a saved Redis metric source: its address, TLS, tunnel, sealed password
//   and production flag, so there is one place to say where a Redis is and who may write to it;
// - every line is split like redis-cli and judged by the server's own command table; on a
//   production source a command that is not read-only runs only after the responder names the
//   source (in the pane, or `confirmation` naming it over the contract), and then goes on the
//   timeline as a command that ran;
// - what is typed is recorded as whole lines with passwords masked.
// The metrics domain's Redis collector uses the connection and INFO reading exported here.
// Other domains import from this folder only this file.
import type {
  MetricSourceConfig,
  ParsedParams,
  RedisCommandResult,
  SessionInfo,
} from '../../../shared/contract'
import { InvalidParamsError, SitrepError } from '../errors'
import { LOCAL_PTY_LIMITS, type SessionManager, type Tunnel } from '../sessions/domain'
import type { Store } from '../store/store'
import { ArgvError } from './argv'
import { ConsoleRefusedError, needsConfirmation, RedisConsole } from './console'
import { connectRedis, describeAddress, type RedisLink, type RedisSettings } from './connection'
import { RedisConsoleSource, type ConfirmedCommand } from './consoleSource'

export { connectRedis, describeAddress, type RedisLink, type RedisSettings } from './connection'
export {
  countersOf,
  infoSamples,
  keyMetric,
  parseInfo,
  type Counters,
  type OwnTraffic,
} from './infoMetrics'

/** A saved Redis source as the console needs it (the metrics domain keeps it). */
export interface RedisTarget extends RedisSettings {
  id: string
  name: string
  production: boolean
  via: string | null
}

/** The Redis source `id` of the saved metric sources, password in clear: main process only. */
export function redisTargetOf(
  sources: { get(id: string): MetricSourceConfig; password(id: string): string | null },
  id: string,
): RedisTarget {
  const c = sources.get(id)
  if (c.kind !== 'redis') {
    throw new InvalidParamsError(
      `${c.name} is a ${c.kind} source; the console needs a Redis source.`,
    )
  }
  return {
    id: c.id,
    name: c.name,
    host: c.host,
    port: c.port,
    tls: c.tls,
    tlsCaPath: c.tlsCaPath,
    user: c.user,
    password: sources.password(c.id),
    db: c.db,
    production: c.production,
    via: c.via,
  }
}

export interface RedisDomainOptions {
  store(): Store
  sessions: SessionManager
  tunnel(targetId: string, host: string, port: number): Promise<Tunnel>
  /** The Redis source with its password in clear (throws not_found / invalid_params). */
  target(sourceId: string): RedisTarget
  /** Where a confirmed production command goes when no incident is named: every open one. */
  openIncidents(): string[]
}

/** A production command sent without the responder's yes naming the source. */
export class RedisConfirmationRequiredError extends SitrepError {
  constructor(source: string, command: string, why: string) {
    super(
      'confirmation_required',
      `Confirm before running: ${command} is not read-only (${why}) and ${source} is production. Targets: ${source}. Send a confirmation naming ${source}.`,
    )
  }
}

export class RedisDomain {
  constructor(private readonly opts: RedisDomainOptions) {}

  /** Opens a link to the target, through its SSH host's tunnel when it has one. */
  private opener(t: RedisTarget, name: string): () => Promise<RedisLink> {
    return async () => {
      let tunnel: Tunnel | null = null
      let address = { host: t.host, port: t.port }
      if (t.via) {
        tunnel = await this.opts.tunnel(t.via, t.host, t.port)
        address = { host: '127.0.0.1', port: tunnel.localPort }
      }
      try {
        const link = await connectRedis(t, address, {
          timeoutMs: 10_000,
          name,
          typeMapping: 'console',
        })
        return {
          send: (argv) => link.send(argv),
          get broken() {
            return link.broken
          },
          close: async () => {
            await link.close()
            tunnel?.close()
          },
        }
      } catch (err) {
        tunnel?.close()
        throw err
      }
    }
  }

  /** A console pane, connected and authenticated before it is shown (a wrong password fails here). */
  async openConsole(p: ParsedParams<'redis.openConsole'>): Promise<SessionInfo> {
    const t = this.opts.target(p.sourceId)
    const rc = new RedisConsole(this.opener(t, 'sitrep-console'))
    await rc.prepare('PING')
    let session: SessionInfo | null = null
    const source = new RedisConsoleSource({
      console: rc,
      name: t.name,
      address: describeAddress(t),
      production: t.production,
      cols: p.cols,
      confirmed: (c) => this.recordConfirmed(t, c, p.incidentId, session?.id ?? null),
    })
    const title = `redis: ${t.name}${t.production ? ' (production)' : ''}`
    session = this.opts.sessions.register('redis', title, null, source, LOCAL_PTY_LIMITS, {
      cols: p.cols,
      rows: p.rows,
      incidentId: p.incidentId,
      reopen: null,
    }).info
    return session
  }

  /** One command under the same rules as the pane, on a connection of its own. */
  async command(p: ParsedParams<'redis.command'>): Promise<RedisCommandResult> {
    const t = this.opts.target(p.sourceId)
    const rc = new RedisConsole(this.opener(t, 'sitrep-console'))
    try {
      let prepared
      try {
        prepared = await rc.prepare(p.line)
      } catch (err) {
        if (err instanceof ArgvError) throw new SitrepError('invalid_params', err.message)
        throw err
      }
      if (!prepared) throw new SitrepError('invalid_params', 'The line has no command.')
      if (prepared.verdict.refused) {
        throw new SitrepError(
          'invalid_params',
          `${prepared.words[0]?.toUpperCase()} ${prepared.verdict.refused}: the console does not send it.`,
        )
      }
      const confirm = needsConfirmation(prepared.verdict, t.production)
      if (confirm && !p.confirmation?.targets.includes(t.name)) {
        throw new RedisConfirmationRequiredError(t.name, prepared.recorded, prepared.verdict.why)
      }
      const done = await rc.execute(prepared)
      if (confirm && p.confirmation) {
        this.recordConfirmed(
          t,
          { command: prepared.recorded, ...done, why: prepared.verdict.why },
          p.incidentId,
          null,
          p.confirmation.by,
        )
      }
      return {
        command: prepared.recorded,
        text: done.text.replace(/\r\n/g, '\n'),
        isError: done.isError,
        readOnly: prepared.verdict.readOnly,
        durationMs: done.durationMs,
      }
    } catch (err) {
      if (err instanceof ConsoleRefusedError) throw new SitrepError('invalid_params', err.message)
      throw err
    } finally {
      rc.close()
    }
  }

  private recordConfirmed(
    t: RedisTarget,
    c: ConfirmedCommand,
    incidentId: string | null,
    sessionId: string | null,
    by = 'console',
  ): void {
    const incidents = incidentId ? [incidentId] : this.opts.openIncidents()
    const store = this.opts.store()
    for (const id of incidents) {
      try {
        store.timeline.append(id, {
          kind: 'command.ran',
          payload: {
            command: c.command,
            name: `Redis ${t.name}`,
            targets: [
              {
                name: t.name,
                exitCode: c.isError ? 1 : 0,
                output: c.text.replace(/\r\n/g, '\n').slice(0, 4_000),
                durationMs: c.durationMs,
              },
            ],
            confirmedBy: by,
            production: true,
            notReadOnly: c.why,
            via: 'redis-console',
            ...(sessionId ? { sessionId } : {}),
          },
        })
      } catch {
        // A closed incident refuses events; the command ran and the pane's transcript has it.
      }
    }
  }
}
