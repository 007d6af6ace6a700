// What the Redis console does with one typed line, shared by the console pane and the
// `redis.command` method: split it like redis-cli, judge it by the server's command table, and
// on a production source hold anything not read-only until the responder confirms by naming the
// source. The connection is the console's own (not the poller's), opened on first use and again
// after a drop; a command left waiting (BLPOP 0) is given up by resetting it.
import { ArgvError, splitArgs } from './argv'
import {
  classify,
  parseCommandEntry,
  refusal,
  type Classified,
  type CommandInfo,
} from './commandClass'
import type { RedisLink } from './connection'
import { redactArgv } from './redact'
import { replyText } from './replyText'

export interface Prepared {
  argv: Buffer[]
  /** The words as text, for classification and the record. */
  words: string[]
  /** The line as it may be recorded: secrets masked. */
  recorded: string
  verdict: Classified
}

export interface Executed {
  text: string
  isError: boolean
  durationMs: number
}

export class ConsoleRefusedError extends Error {}

export class RedisConsole {
  private link: RedisLink | null = null
  private opening: Promise<RedisLink> | null = null
  private readonly table = new Map<string, (CommandInfo & { subcommands: number }) | null>()

  constructor(private readonly open: () => Promise<RedisLink>) {}

  private async connection(): Promise<RedisLink> {
    if (this.link && !this.link.broken) return this.link
    this.opening ??= this.open().finally(() => {
      this.opening = null
    })
    this.link = await this.opening
    return this.link
  }

  private async lookup(name: string): Promise<(CommandInfo & { subcommands: number }) | null> {
    if (this.table.has(name)) return this.table.get(name) ?? null
    const link = await this.connection()
    let reply: unknown
    try {
      reply = await link.send(['COMMAND', 'INFO', name])
    } catch (err) {
      // The connection dropped (Ctrl-C): nothing learnt. COMMAND renamed away or refused by
      // ACL: the command is unknown, so not read-only; asked again next time.
      if (link.broken) throw err
      return null
    }
    const entry = Array.isArray(reply) ? parseCommandEntry(reply[0]) : null
    this.table.set(name, entry)
    return entry
  }

  /** Splits and judges a line; throws ArgvError for a line that cannot be read safely. */
  async prepare(line: string): Promise<Prepared | null> {
    const argv = splitArgs(line)
    if (argv.length === 0) return null
    const words = argv.map((b) => b.toString('utf8'))
    const recorded = redactArgv(words).map(quoteForRecord).join(' ')
    const refused = refusal(words)
    if (refused) {
      return {
        argv,
        words,
        recorded,
        verdict: { name: words[0]!.toLowerCase(), readOnly: false, why: '', refused },
      }
    }
    const top = await this.lookup((words[0] ?? '').toLowerCase())
    let info: CommandInfo | null = top
    if (top && top.subcommands > 0 && words[1]) {
      info = await this.lookup(`${top.name}|${words[1].toLowerCase()}`)
    }
    return { argv, words, recorded, verdict: classify(words, info) }
  }

  async execute(p: Prepared): Promise<Executed> {
    if (p.verdict.refused) {
      throw new ConsoleRefusedError(
        `${p.words[0]?.toUpperCase()} ${p.verdict.refused}: the console does not send it.`,
      )
    }
    const started = Date.now()
    const link = await this.connection()
    try {
      const reply = await link.send(p.argv)
      return { text: replyText(reply), isError: false, durationMs: Date.now() - started }
    } catch (err) {
      if (link.broken) throw err
      // An error reply (WRONGTYPE, NOPERM, OOM…): shown like redis-cli, the connection stays.
      return { text: replyText(err), isError: true, durationMs: Date.now() - started }
    }
  }

  /** Gives up a command still waiting (Ctrl-C): its connection is dropped, the next opens anew. */
  reset(): void {
    const l = this.link
    this.link = null
    void l?.close()
  }

  close(): void {
    this.reset()
  }
}

/** A word as the transcript and timeline show it: bare, or quoted when it has blanks or quotes. */
function quoteForRecord(w: string): string {
  return /^[^\s"'\\]+$/.test(w) ? w : JSON.stringify(w)
}

export { ArgvError }

/** Whether a judged command needs the responder's yes on this source. */
export function needsConfirmation(verdict: Classified, production: boolean): boolean {
  return production && !verdict.readOnly
}
