// The webhook channels of this install. The URL is the secret (whoever has it can post to the
// channel): it is checked, sealed in the secrets table like a saved password and only ever
// unsealed to send; the row keeps its host for the panel and a keyed hash (team_key) that is
// the same on every laptop that saved the same URL, so a channel the team shares has one
// idempotency key across laptops without the URL leaving any of them.
import { createHmac, randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Lang } from '../../../shared/incidents'
import {
  notifyKinds,
  type NotifyChannelType,
  type NotifyChannelView,
  type NotifyKind,
} from '../../../shared/notifySchemas'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Secrets } from '../secrets/secrets'
import { guardWrite } from '../store/writeGuard'
import { parseWebhookUrl } from './webhookUrl'

export interface Channel extends NotifyChannelView {
  secretId: string
  teamKey: string
}

interface ChannelRow {
  id: string
  name: string
  type: NotifyChannelType
  lang: Lang
  kinds: string
  scope: 'install' | 'team'
  secret_id: string
  team_key: string
  host: string
  created_at: number
}

export interface AddChannelInput {
  name: string
  type: NotifyChannelType
  url: string
  lang: Lang
  kinds: NotifyKind[]
  scope?: 'install' | 'team' | undefined
}

// Not a secret: it only makes the hash Sitrep's own (a plain SHA-256 of a URL is a lookup key
// in any list of hashed URLs). A URL with an unguessable token (Slack's, Teams') cannot be found
// from its hash; see SECURITY.md.
const TEAM_KEY_CONTEXT = 'sitrep notify channel v1'

/** The channel's identity across the team's laptops: a keyed hash of its normalised URL. */
export function teamKeyOf(url: URL): string {
  return createHmac('sha256', TEAM_KEY_CONTEXT).update(url.href).digest('hex').slice(0, 32)
}

const onlyKnownKinds = (kinds: readonly string[]): NotifyKind[] =>
  notifyKinds.filter((k) => kinds.includes(k))

function toChannel(r: ChannelRow): Channel {
  let kinds: string[] = []
  try {
    const parsed: unknown = JSON.parse(r.kinds)
    if (Array.isArray(parsed)) kinds = parsed.filter((k): k is string => typeof k === 'string')
  } catch {
    // A damaged list sends nothing rather than everything.
  }
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    lang: r.lang,
    kinds: onlyKnownKinds(kinds),
    scope: r.scope,
    host: r.host,
    createdAt: r.created_at,
    secretId: r.secret_id,
    teamKey: r.team_key,
  }
}

export const viewOf = ({ secretId: _s, teamKey: _t, ...view }: Channel): NotifyChannelView => view

export class ChannelStore {
  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly secrets: Secrets,
    private readonly now: () => number,
  ) {}

  list(): Channel[] {
    return (
      this.db.prepare('SELECT * FROM notify_channels ORDER BY created_at, id').all() as ChannelRow[]
    ).map(toChannel)
  }

  find(id: string): Channel | null {
    const r = this.db.prepare('SELECT * FROM notify_channels WHERE id = ?').get(id) as
      ChannelRow | undefined
    return r ? toChannel(r) : null
  }

  get(id: string): Channel {
    const c = this.find(id)
    if (!c) throw new NotFoundError('The notification channel')
    return c
  }

  add(input: AddChannelInput, defaultScope: 'install' | 'team'): Channel {
    // The name travels on the shared timeline; a pasted URL there would leak it.
    if (/:\/\//.test(input.name))
      throw new InvalidParamsError(
        'Give the channel a name people read (e.g. "#inc-checkout"), not its URL: the name is shown on the timeline.',
      )
    const url = parseWebhookUrl(input.url)
    const id = randomUUID()
    guardWrite(this.path, () =>
      this.db.transaction(() => {
        const secretId = this.secrets.put(url.href)
        this.db
          .prepare(
            `INSERT INTO notify_channels (id, name, type, lang, kinds, scope, secret_id, team_key,
               host, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            input.name.trim(),
            input.type,
            input.lang,
            JSON.stringify(onlyKnownKinds(input.kinds)),
            input.scope ?? defaultScope,
            secretId,
            teamKeyOf(url),
            url.host,
            this.now(),
          )
      })(),
    )
    return this.get(id)
  }

  update(id: string, change: { name?: string; lang?: Lang; kinds?: NotifyKind[] }): Channel {
    const c = this.get(id)
    if (change.name !== undefined && /:\/\//.test(change.name))
      throw new InvalidParamsError('Give the channel a name people read, not its URL.')
    guardWrite(this.path, () =>
      this.db
        .prepare('UPDATE notify_channels SET name = ?, lang = ?, kinds = ? WHERE id = ?')
        .run(
          change.name?.trim() ?? c.name,
          change.lang ?? c.lang,
          JSON.stringify(onlyKnownKinds(change.kinds ?? c.kinds)),
          id,
        ),
    )
    return this.get(id)
  }

  /** Removes the channel and its sealed URL; its waiting messages fail with the reason. */
  remove(id: string): boolean {
    const c = this.find(id)
    if (!c) return false
    guardWrite(this.path, () =>
      this.db.transaction(() => {
        this.secrets.delete(c.secretId)
        this.db.prepare('DELETE FROM notify_channels WHERE id = ?').run(id)
        this.db
          .prepare(
            `UPDATE notify_outbox SET state = 'failed', reason = 'the channel was removed',
               next_at = NULL WHERE channel_id = ? AND state IN ('queued', 'retrying', 'sending')`,
          )
          .run(id)
      })(),
    )
    return true
  }

  /** The channel's URL, unsealed to send (throws while saved passwords are locked). */
  url(c: Channel): URL {
    return parseWebhookUrl(this.secrets.get(c.secretId))
  }
}
