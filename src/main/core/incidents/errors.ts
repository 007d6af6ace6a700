// Errors a responder meets while working an incident. They reuse the contract's existing codes so
// the renderer can show the message as it is; the message says what to do next.
import { SitrepError } from '../errors'

/** Input that cannot be stored as given: empty title, unknown severity, future time, too long. */
export class IncidentInputError extends SitrepError {
  constructor(message: string) {
    super('invalid_params', message)
  }
}

/** A status change the lifecycle does not allow from the current status. */
export class InvalidTransitionError extends SitrepError {
  constructor(message: string) {
    super('invalid_params', message)
  }
}

/** A settings value (severity scheme, timer policy) that does not validate. */
export class IncidentSettingsError extends SitrepError {
  constructor(what: string, problem: string) {
    super('invalid_params', `The ${what} was not saved: ${problem}`)
  }
}
