// Typed errors a responder can meet. Each carries a contract error code and a message that says
// what happened and what to do; they cross the boundary as {code, message}.
import type { ContractError, ErrorCode } from '../../shared/contract'

export class SitrepError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }

  toContract(): ContractError {
    return { code: this.code, message: this.message }
  }
}

export class InvalidParamsError extends SitrepError {
  constructor(message: string) {
    super('invalid_params', message)
  }
}

export class NotFoundError extends SitrepError {
  constructor(what: string) {
    super('not_found', `${what} was not found. It may have been closed or removed.`)
  }
}

export class StoreUnavailableError extends SitrepError {
  constructor(message: string) {
    super('store_unavailable', message)
  }
}

export class DiskFullError extends SitrepError {
  constructor(path: string, options?: { cause?: unknown }) {
    super(
      'disk_full',
      `The disk holding ${path} is full: nothing new could be saved. Everything already saved is intact. Free some space and Sitrep resumes writing.`,
      options,
    )
  }
}

export class SessionFailedError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('session_failed', message, options)
  }
}

/** Turns anything thrown inside a handler into what may cross the boundary. */
export function toContractError(err: unknown): ContractError {
  if (err instanceof SitrepError) return err.toContract()
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message: `Unexpected error: ${message}` }
}
