// Whether a console command only reads, judged by the server's own command table (`COMMAND INFO`:
// flags such as readonly/write/admin and ACL categories such as @dangerous), so a module's
// commands or a newer server's are judged too. Read-only means the readonly flag without write
// and without @dangerous (which is how KEYS, a full scan that can stall a large database, asks
// first), or one of the inspection commands below that carry no readonly flag but change
// nothing. A command the table does not know (renamed, a server without COMMAND) is not
// read-only: production asks first.

/** Inspection and connection commands without a readonly flag that change no data. */
const INSPECTION = new Set([
  'ping',
  'echo',
  'info',
  'dbsize',
  'time',
  'lastsave',
  'role',
  'select',
  'auth',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'config|get',
  'client|list',
  'client|info',
  'client|getname',
  'client|id',
  'slowlog|get',
  'slowlog|len',
  'memory|stats',
  'memory|doctor',
  'memory|malloc-stats',
  'latency|latest',
  'latency|history',
  'latency|doctor',
  'command|count',
  'command|info',
  'command|docs',
  'command|list',
  'command|getkeys',
  'acl|whoami',
  'acl|cat',
  'module|list',
  'cluster|info',
  'cluster|nodes',
  'cluster|slots',
  'cluster|shards',
  'cluster|myid',
])

/**
 * Commands the console never sends: they turn the connection into a stream (SUBSCRIBE,
 * MONITOR), end or reset it, or switch its protocol, which the console could no longer read
 * as one reply per command.
 */
const REFUSED: Record<string, string> = {
  subscribe: 'puts the connection in subscriber mode',
  psubscribe: 'puts the connection in subscriber mode',
  ssubscribe: 'puts the connection in subscriber mode',
  unsubscribe: 'belongs to subscriber mode',
  punsubscribe: 'belongs to subscriber mode',
  sunsubscribe: 'belongs to subscriber mode',
  monitor: 'streams every command of the server without end',
  sync: 'starts a replication stream',
  psync: 'starts a replication stream',
  quit: 'ends the connection (close the pane instead)',
  reset: 'resets the connection',
  hello: 'switches the protocol (use AUTH to change user)',
  'client|reply': 'turns replies off',
}

export interface CommandInfo {
  /** `get`, or `config|set` for a subcommand. */
  name: string
  flags: string[]
  categories: string[]
}

export interface Classified {
  /** What the command is called in the table (`config|set`), or the typed name when unknown. */
  name: string
  readOnly: boolean
  /** The flags and categories that decided it, for the confirmation's wording. */
  why: string
  /** Set when the console never sends it. */
  refused: string | null
}

/** The name looked up for an argv: the subcommand of a container command (`config|set`). */
export function fullName(argv: readonly string[], hasSubcommands: boolean): string {
  const name = (argv[0] ?? '').toLowerCase()
  return hasSubcommands && argv[1] ? `${name}|${argv[1].toLowerCase()}` : name
}

export function refusal(argv: readonly string[]): string | null {
  const name = (argv[0] ?? '').toLowerCase()
  const sub = argv[1] ? `${name}|${argv[1].toLowerCase()}` : ''
  return REFUSED[sub] ?? REFUSED[name] ?? null
}

export function classify(argv: readonly string[], info: CommandInfo | null): Classified {
  const typed = (argv[0] ?? '').toLowerCase()
  const refused = refusal(argv)
  if (!info) {
    return {
      name: typed,
      readOnly: false,
      why: 'not in the server’s command table',
      refused,
    }
  }
  const flags = new Set(info.flags.map((f) => f.toLowerCase()))
  const cats = new Set(info.categories.map((c) => c.toLowerCase()))
  const readOnly =
    (flags.has('readonly') && !flags.has('write') && !cats.has('@dangerous')) ||
    INSPECTION.has(info.name)
  const marks = [
    ...['write', 'admin', 'readonly'].filter((f) => flags.has(f)),
    ...['@dangerous'].filter((c) => cats.has(c)),
  ]
  return {
    name: info.name,
    readOnly,
    why: marks.length ? marks.join(', ') : 'no readonly flag',
    refused,
  }
}

/** One entry of a `COMMAND INFO` reply (RESP3: flags and categories are sets). */
export function parseCommandEntry(entry: unknown): (CommandInfo & { subcommands: number }) | null {
  if (!Array.isArray(entry) || entry.length < 3) return null
  const list = (v: unknown): string[] =>
    v instanceof Set ? [...v].map(String) : Array.isArray(v) ? v.map(String) : []
  const subs = entry[9]
  return {
    name: String(entry[0]).toLowerCase(),
    flags: list(entry[2]),
    categories: list(entry[6]),
    subcommands: subs instanceof Set ? subs.size : Array.isArray(subs) ? subs.length : 0,
  }
}
