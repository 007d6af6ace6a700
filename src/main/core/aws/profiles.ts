// AWS profiles saved as runbook targets: a name the responder gives, the profile and region
// names, an optional endpoint, and tags (production asks first). Kept as one JSON list in the
// settings table: a handful of names with nothing secret in them, and no table to migrate.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { AwsProfileTarget, ParsedParams } from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import { isProduction } from '../targets/targets'

const KEY = 'aws.profiles'

interface Saved {
  id: string
  name: string
  profile: string
  region: string
  endpoint: string
  tags: string[]
}

const view = (s: Saved): AwsProfileTarget => ({
  ...s,
  kind: 'aws',
  production: isProduction(s.tags),
})

export class AwsProfiles {
  constructor(private readonly db: Database.Database) {}

  private read(): Saved[] {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
      { value: string } | undefined
    if (!row) return []
    try {
      const list = JSON.parse(row.value) as unknown
      return Array.isArray(list) ? (list as Saved[]) : []
    } catch {
      return []
    }
  }

  private write(list: Saved[]): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(KEY, JSON.stringify(list))
  }

  list(): AwsProfileTarget[] {
    return this.read().map(view)
  }

  get(id: string): AwsProfileTarget {
    const s = this.read().find((x) => x.id === id)
    if (!s) throw new NotFoundError(`AWS profile target ${id}`)
    return view(s)
  }

  save(p: ParsedParams<'aws.saveProfile'>): AwsProfileTarget {
    return this.db.transaction(() => {
      const list = this.read()
      const id = p.id ?? randomUUID()
      if (p.id && !list.some((x) => x.id === p.id))
        throw new NotFoundError(`AWS profile target ${p.id}`)
      if (list.some((x) => x.id !== id && x.name === p.name)) {
        throw new InvalidParamsError(
          `An AWS target is already named "${p.name}"; pick another name.`,
        )
      }
      const saved: Saved = {
        id,
        name: p.name,
        profile: p.profile,
        region: p.region,
        endpoint: p.endpoint,
        tags: p.tags,
      }
      const at = list.findIndex((x) => x.id === id)
      if (at >= 0) list[at] = saved
      else list.push(saved)
      this.write(list)
      return view(saved)
    })()
  }

  remove(id: string): boolean {
    return this.db.transaction(() => {
      const list = this.read()
      const kept = list.filter((x) => x.id !== id)
      if (kept.length === list.length) return false
      this.write(kept)
      return true
    })()
  }
}
