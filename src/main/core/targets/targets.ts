// The hosts a responder works on, kept in the targets table. Connection settings are JSON in
// `config`; a password or passphrase is sealed in the secrets table and only its id is kept here.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { ParsedParams, SshAuthKind, Target } from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Secrets } from '../secrets/secrets'

interface SshConfigJson {
  host: string
  port: number
  user: string
  authKind: SshAuthKind
  keyPath: string | null
  secretId: string | null
  jumpVia: string[]
  keepaliveSec: number
  /** Only from an imported ssh config (never set through saveSsh): see sessions/ssh/proxyCommand.ts. */
  proxyCommand?: string | null
}

interface Row {
  id: string
  kind: 'ssh'
  name: string
  config: string
  tags: string
}

/**
 * The saved secret of a target after a save: null (the field cleared) deletes it, a non-empty
 * string seals the new value in its place, anything else (left empty or out) keeps it.
 * Call inside the save's transaction.
 */
export function resealSecret(
  secrets: Secrets,
  given: string | null | undefined,
  secretId: string | null,
): string | null {
  if (given === null && secretId) {
    secrets.delete(secretId)
    return null
  }
  if (typeof given === 'string' && given.length > 0)
    return secrets.put(given, secretId ?? undefined)
  return secretId
}

const PRODUCTION_TAGS = new Set(['production', 'prod', '本番'])

/** A host read from an OpenSSH config file (sessions/ssh/sshConfig.ts), ready to be saved. */
export interface ImportedHost {
  alias: string
  hostName: string
  port: number
  user: string | null
  identityFiles: string[]
  /** Jump hosts in order, as written (aliases or user@host:port). */
  proxyJump: string[]
  /** ProxyCommand as the config wrote it (tokens are expanded when connecting), or null. */
  proxyCommand: string | null
}

export function isProduction(tags: string[]): boolean {
  return tags.some((t) => PRODUCTION_TAGS.has(t.toLowerCase()))
}

function toTarget(r: Row): Target {
  const c = JSON.parse(r.config) as SshConfigJson
  const tags = JSON.parse(r.tags) as string[]
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    host: c.host,
    port: c.port,
    user: c.user,
    authKind: c.authKind,
    keyPath: c.keyPath,
    hasSecret: c.secretId !== null,
    jumpVia: c.jumpVia,
    tags,
    production: isProduction(tags),
    keepaliveSec: c.keepaliveSec,
    ...(c.proxyCommand ? { proxyCommand: c.proxyCommand } : {}),
  }
}

export class Targets {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: Secrets,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Target[] {
    return (
      // kubectl and psql targets share the table (serviceTargets.ts) but are not SSH hosts.
      (
        this.db
          .prepare("SELECT * FROM targets WHERE kind = 'ssh' ORDER BY name COLLATE NOCASE")
          .all() as Row[]
      ).map(toTarget)
    )
  }

  get(id: string): Target {
    return toTarget(this.row(id))
  }

  /** The clear-text secret for connecting; never leaves the main process. */
  secretOf(id: string): string | null {
    const { secretId } = JSON.parse(this.row(id).config) as SshConfigJson
    return secretId ? this.secrets.get(secretId) : null
  }

  /**
   * `proxyCommand` comes only from an imported ssh config: a save from the form (undefined)
   * keeps the stored one, so no IPC or bridge call can make Sitrep run a new local command.
   */
  saveSsh(p: ParsedParams<'targets.saveSsh'>, proxyCommand?: string | null): Target {
    const id = p.id ?? randomUUID()
    const existing = p.id ? this.maybeRow(p.id) : undefined
    if (p.id && !existing) throw new NotFoundError(`Target ${p.id}`)
    if (p.authKind === 'key' && !p.keyPath)
      throw new InvalidParamsError('Key authentication needs a private key file.')
    for (const j of p.jumpVia) {
      if (j === id) throw new InvalidParamsError('A host cannot be its own jump host.')
      if (!this.maybeRow(j)) throw new NotFoundError(`Jump host ${j}`)
    }
    const saved = existing ? (JSON.parse(existing.config) as SshConfigJson) : null
    const savedSecretId = saved?.secretId ?? null
    this.db.transaction(() => {
      const secretId = resealSecret(this.secrets, p.secret, savedSecretId)
      const config: SshConfigJson = {
        host: p.host,
        port: p.port,
        user: p.user,
        authKind: p.authKind,
        keyPath: p.keyPath,
        secretId,
        jumpVia: p.jumpVia,
        keepaliveSec: p.keepaliveSec,
        proxyCommand: proxyCommand === undefined ? (saved?.proxyCommand ?? null) : proxyCommand,
      }
      const now = this.now()
      this.db
        .prepare(
          `INSERT INTO targets (id, kind, name, config, tags, created_at, updated_at)
           VALUES (@id, 'ssh', @name, @config, @tags, @now, @now)
           ON CONFLICT(id) DO UPDATE SET name = @name, config = @config, tags = @tags, updated_at = @now`,
        )
        .run({
          id,
          name: p.name,
          config: JSON.stringify(config),
          tags: JSON.stringify(p.tags),
          now,
        })
    })()
    return this.get(id)
  }

  remove(id: string): boolean {
    const row = this.maybeRow(id)
    if (!row) return false
    const users = this.list().filter((t) => t.jumpVia.includes(id))
    const databases = (
      this.db.prepare("SELECT name, config FROM targets WHERE kind = 'psql'").all() as {
        name: string
        config: string
      }[]
    ).filter((r) => (JSON.parse(r.config) as { viaSshTargetId?: string }).viaSshTargetId === id)
    if (databases.length > 0) {
      throw new InvalidParamsError(
        `${row.name} carries the database connection of ${databases.map((d) => d.name).join(', ')}; change those first.`,
      )
    }
    if (users.length > 0) {
      throw new InvalidParamsError(
        `${row.name} is the jump host of ${users.map((u) => u.name).join(', ')}; change those first.`,
      )
    }
    const { secretId } = JSON.parse(row.config) as SshConfigJson
    this.db.transaction(() => {
      if (secretId) this.secrets.delete(secretId)
      this.db.prepare('DELETE FROM targets WHERE id = ?').run(id)
    })()
    return true
  }

  /** Saves imported hosts (by alias; an existing target of the same name is updated), jump hosts first. */
  importHosts(hosts: ImportedHost[], defaultUser: string): Target[] {
    const byName = new Map(this.list().map((t) => [t.name, t]))
    const saved = new Map<string, Target>()
    const pending = [...hosts]
    const aliases = new Set(hosts.map((h) => h.alias))
    // Hosts whose jump hosts are saved go first; a jump host missing from the file is an error.
    for (let guard = 0; pending.length > 0 && guard < hosts.length + 1; guard++) {
      for (const h of [...pending]) {
        const jumps = h.proxyJump.map((j) => j.replace(/^.*@/, '').replace(/:\d+$/, ''))
        const missing = jumps.filter((j) => !saved.has(j) && !byName.has(j))
        if (missing.some((m) => !aliases.has(m))) {
          throw new InvalidParamsError(
            `${h.alias} jumps via ${missing.join(', ')}, which is not in the file or in Sitrep.`,
          )
        }
        if (missing.length > 0) continue
        const existing = byName.get(h.alias)
        const target = this.saveSsh(
          {
            ...(existing ? { id: existing.id } : {}),
            name: h.alias,
            host: h.hostName,
            port: h.port,
            user: h.user ?? defaultUser,
            authKind: h.identityFiles.length > 0 ? 'key' : 'agent',
            keyPath: h.identityFiles[0] ?? null,
            jumpVia: jumps.map((j) => (saved.get(j) ?? (byName.get(j) as Target)).id),
            tags: existing?.tags ?? [],
            keepaliveSec: existing?.keepaliveSec ?? 15,
          },
          h.proxyCommand,
        )
        saved.set(h.alias, target)
        pending.splice(pending.indexOf(h), 1)
      }
    }
    if (pending.length > 0)
      throw new InvalidParamsError(
        `Jump hosts form a loop: ${pending.map((h) => h.alias).join(', ')}.`,
      )
    return [...saved.values()]
  }

  private maybeRow(id: string): Row | undefined {
    return this.db.prepare("SELECT * FROM targets WHERE id = ? AND kind = 'ssh'").get(id) as
      Row | undefined
  }

  private row(id: string): Row {
    const r = this.maybeRow(id)
    if (!r) throw new NotFoundError(`Target ${id}`)
    return r
  }
}
