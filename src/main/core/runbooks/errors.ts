// Errors a responder can meet while importing a runbook or filling in its placeholders.
import { SitrepError } from '../errors'

/** The file is not a text runbook at all (binary, not UTF-8); nothing of it was imported. */
export class RunbookError extends SitrepError {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super('invalid_params', `The runbook ${source} could not be read: ${reason}`)
  }
}

/** Filling a command needs every placeholder; running half-filled text would be worse. */
export class MissingParametersError extends SitrepError {
  constructor(readonly missing: string[]) {
    super('invalid_params', `Fill in ${missing.join(', ')} before running this command.`)
  }
}

export class InvalidChoiceError extends SitrepError {
  constructor(name: string, value: string, options: string[]) {
    super('invalid_params', `${name} must be one of ${options.join(', ')}, not "${value}".`)
  }
}
