// kubectl contexts and PostgreSQL databases, kept in the targets table next to the SSH hosts
// (kinds 'kubectl' and 'psql'; settings as JSON in `config`). A database password is sealed in
// the secrets table and only its id is kept here; a kubeconfig stays where it is (Sitrep keeps
// its path, never its credentials).
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type {
  KubectlTarget,
  ParsedParams,
  PsqlReadOnly,
  PsqlTarget,
} from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Secrets } from '../secrets/secrets'
import { isProduction, resealSecret } from './targets'

interface KubectlConfigJson {
  kubeconfigPath: string | null
  context: string
  namespace: string | null
}

interface PsqlConfigJson {
  host: string
  port: number
  database: string
  user: string
  secretId: string | null
  viaSshTargetId: string | null
  readOnly: PsqlReadOnly
}

interface Row {
  id: string
  kind: 'kubectl' | 'psql'
  name: string
  config: string
  tags: string
}

function toKubectl(r: Row): KubectlTarget {
  const c = JSON.parse(r.config) as KubectlConfigJson
  const tags = JSON.parse(r.tags) as string[]
  return {
    id: r.id,
    kind: 'kubectl',
    name: r.name,
    kubeconfigPath: c.kubeconfigPath,
    context: c.context,
    namespace: c.namespace,
    tags,
    production: isProduction(tags),
  }
}

function toPsql(r: Row): PsqlTarget {
  const c = JSON.parse(r.config) as PsqlConfigJson
  const tags = JSON.parse(r.tags) as string[]
  return {
    id: r.id,
    kind: 'psql',
    name: r.name,
    host: c.host,
    port: c.port,
    database: c.database,
    user: c.user,
    hasPassword: c.secretId !== null,
    viaSshTargetId: c.viaSshTargetId,
    readOnly: c.readOnly,
    tags,
    production: isProduction(tags),
  }
}

/** Whether a psql session on this target starts read-only (seed 004: production reads only). */
export function startsReadOnly(t: PsqlTarget): boolean {
  return t.readOnly === 'always' || (t.readOnly === 'production' && t.production)
}

export interface ServiceTargetsOptions {
  db: Database.Database
  secrets: Secrets
  now?: () => number
}

export class ServiceTargets {
  private readonly db: Database.Database
  private readonly secrets: Secrets
  private readonly now: () => number

  /** Takes the open Store as it is (its db and secrets). */
  constructor(opts: ServiceTargetsOptions) {
    this.db = opts.db
    this.secrets = opts.secrets
    this.now = opts.now ?? Date.now
  }

  listKubectl(): KubectlTarget[] {
    return this.rows('kubectl').map(toKubectl)
  }

  listPsql(): PsqlTarget[] {
    return this.rows('psql').map(toPsql)
  }

  kubectl(id: string): KubectlTarget {
    return toKubectl(this.row(id, 'kubectl'))
  }

  psql(id: string): PsqlTarget {
    return toPsql(this.row(id, 'psql'))
  }

  /** The clear-text database password for connecting; never leaves the main process. */
  psqlPassword(id: string): string | null {
    const { secretId } = JSON.parse(this.row(id, 'psql').config) as PsqlConfigJson
    return secretId ? this.secrets.get(secretId) : null
  }

  saveKubectl(p: ParsedParams<'targets.saveKubectl'>): KubectlTarget {
    const id = p.id ?? randomUUID()
    if (p.id) this.row(p.id, 'kubectl')
    const config: KubectlConfigJson = {
      kubeconfigPath: p.kubeconfigPath,
      context: p.context,
      namespace: p.namespace,
    }
    this.upsert(id, 'kubectl', p.name, config, p.tags)
    return this.kubectl(id)
  }

  savePsql(p: ParsedParams<'targets.savePsql'>): PsqlTarget {
    const id = p.id ?? randomUUID()
    const existing = p.id ? this.row(p.id, 'psql') : undefined
    if (p.viaSshTargetId !== null) {
      const via = this.db
        .prepare("SELECT 1 FROM targets WHERE id = ? AND kind = 'ssh'")
        .get(p.viaSshTargetId)
      if (!via) throw new NotFoundError(`SSH host ${p.viaSshTargetId} (the tunnel for ${p.name})`)
    }
    const savedSecretId = existing ? (JSON.parse(existing.config) as PsqlConfigJson).secretId : null
    this.db.transaction(() => {
      const secretId = resealSecret(this.secrets, p.password, savedSecretId)
      const config: PsqlConfigJson = {
        host: p.host,
        port: p.port,
        database: p.database,
        user: p.user,
        secretId,
        viaSshTargetId: p.viaSshTargetId,
        readOnly: p.readOnly,
      }
      this.upsert(id, 'psql', p.name, config, p.tags)
    })()
    return this.psql(id)
  }

  remove(id: string): boolean {
    const row = this.db
      .prepare("SELECT * FROM targets WHERE id = ? AND kind IN ('kubectl', 'psql')")
      .get(id) as Row | undefined
    if (!row) return false
    const secretId =
      row.kind === 'psql' ? (JSON.parse(row.config) as PsqlConfigJson).secretId : null
    this.db.transaction(() => {
      if (secretId) this.secrets.delete(secretId)
      // Sessions keep their recordings; they only lose the link to a target that is gone.
      this.db.prepare('UPDATE sessions SET target_id = NULL WHERE target_id = ?').run(id)
      this.db.prepare('DELETE FROM targets WHERE id = ?').run(id)
    })()
    return true
  }

  private upsert(
    id: string,
    kind: Row['kind'],
    name: string,
    config: object,
    tags: string[],
  ): void {
    const clash = this.db
      .prepare('SELECT id FROM targets WHERE name = ? AND kind = ? AND id != ?')
      .get(name, kind, id)
    if (clash) throw new InvalidParamsError(`There is already a ${kind} target called ${name}.`)
    const now = this.now()
    this.db
      .prepare(
        `INSERT INTO targets (id, kind, name, config, tags, created_at, updated_at)
         VALUES (@id, @kind, @name, @config, @tags, @now, @now)
         ON CONFLICT(id) DO UPDATE SET name = @name, config = @config, tags = @tags, updated_at = @now`,
      )
      .run({ id, kind, name, config: JSON.stringify(config), tags: JSON.stringify(tags), now })
  }

  private rows(kind: Row['kind']): Row[] {
    return this.db
      .prepare('SELECT * FROM targets WHERE kind = ? ORDER BY name COLLATE NOCASE')
      .all(kind) as Row[]
  }

  private row(id: string, kind: Row['kind']): Row {
    const r = this.db.prepare('SELECT * FROM targets WHERE id = ? AND kind = ?').get(id, kind) as
      Row | undefined
    if (!r) throw new NotFoundError(`${kind === 'psql' ? 'Database' : 'kubectl'} target ${id}`)
    return r
  }
}
