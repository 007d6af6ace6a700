// A contract error, rethrown in the renderer with its code. Apart from api.ts so code that only
// reads errors (and its tests) does not start a transport.
import type { ContractError } from '../../shared/contract'

export class ApiError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message)
    this.name = 'ApiError'
  }
  get code(): ContractError['code'] {
    return this.error.code
  }
}
