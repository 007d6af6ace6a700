// One call from a window or the bridge: the method name checked, the parameters parsed by the
// contract's schema (unknown keys refused), the handler run; never throws, every failure
// becomes an error reply.
import { isMethodName, paramSchemas, type ReplyMessage } from '../../../shared/contract'
import { SitrepError, toContractError } from '../errors'
import type { CallContext, Handlers } from './handlerTypes'

class UnknownMethodError extends SitrepError {
  constructor(method: unknown) {
    super(
      'unknown_method',
      // Only a string is quoted: String() of a hostile object can throw ({toString: false}).
      typeof method === 'string'
        ? `There is no method called ${JSON.stringify(method).slice(0, 80)}.`
        : `A method name must be a string, not ${method === null ? 'null' : typeof method}.`,
    )
  }
}

/** Validates and runs one call; never throws: every failure becomes an error reply. */
export async function dispatch(
  handlers: Handlers,
  id: number,
  method: unknown,
  params: unknown,
  ctx: CallContext,
): Promise<ReplyMessage> {
  try {
    if (!isMethodName(method)) throw new UnknownMethodError(method)
    const parsed = paramSchemas[method].safeParse(params ?? {})
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      const where = first?.path.length ? ` (${first.path.join('.')})` : ''
      return {
        id,
        ok: false,
        error: {
          code: 'invalid_params',
          message: `Invalid parameters for ${method}${where}: ${first?.message ?? 'rejected'}`,
        },
      }
    }
    const handler = handlers[method] as (p: unknown, c: CallContext) => unknown
    return { id, ok: true, result: await handler(parsed.data, ctx) }
  } catch (err) {
    return { id, ok: false, error: toContractError(err) }
  }
}
