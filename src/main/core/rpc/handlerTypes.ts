// The shape of the handler table: one function per contract method, typed from the contract.
// Its own file so the per-domain handler files need not import the table that gathers them.
import type { MethodName, ParsedParams, Result } from '../../../shared/contract'
import type { Viewer } from '../sessions/session'

export interface CallContext {
  /** The window or connection that called, so session output can be sent back to it. */
  viewer: Viewer
}

export type Handlers = {
  [M in MethodName]: (params: ParsedParams<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>
}

/** The handlers of the methods whose names start with one of the prefixes ('incidents', …). */
export type HandlersOf<Prefix extends string> = Pick<
  Handlers,
  Extract<MethodName, `${Prefix}.${string}`>
>
