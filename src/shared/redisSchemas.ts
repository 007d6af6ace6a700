// The Redis console at the boundary (issue #19): a console pane on a saved Redis metric source,
// and one command sent through the same rules (for scripts and the bridge). On a production
// source a command that is not read-only by the server's own command table is refused with
// `confirmation_required` unless the confirmation names the source; it then goes on the
// timeline.
import { z } from 'zod'
import type { SessionInfo } from './base'
import { cols, id, rows } from './primitives'

export interface RedisCommandResult {
  /** The command as recorded: the words, passwords masked. */
  command: string
  /** The reply as redis-cli shows it, every RESP3 type said ((integer), (double), 1# k => v…). */
  text: string
  /** The server answered with an error reply (WRONGTYPE, NOPERM, OOM…). */
  isError: boolean
  /** By the server's command table (COMMAND INFO); unknown commands are not. */
  readOnly: boolean
  durationMs: number
}

export const redisParamSchemas = {
  'redis.openConsole': z.strictObject({
    /** A saved metric source of kind redis: its address, credentials and production flag. */
    sourceId: id,
    cols,
    rows,
    incidentId: id.nullable().default(null),
  }),
  'redis.command': z.strictObject({
    sourceId: id,
    /** One line as typed at redis-cli: quotes and escapes as redis-cli reads them. */
    line: z.string().min(1).max(100_000),
    incidentId: id.nullable().default(null),
    /** The responder's yes for a production source: who, and the source's name. */
    confirmation: z
      .strictObject({
        by: z.string().trim().min(1).max(100),
        targets: z.array(z.string().min(1).max(200)).min(1).max(200),
      })
      .optional(),
  }),
} as const satisfies { [M in keyof RedisMethodResults]: z.ZodType }

export interface RedisMethodResults {
  /** A console pane (session kind redis), connected and authenticated. */
  'redis.openConsole': SessionInfo
  'redis.command': RedisCommandResult
}
