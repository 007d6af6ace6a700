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

/**
 * A dangerous command or a production target without the responder's explicit yes naming every
 * target. Enforced in core, so no client (UI, script, a stale window) can skip it.
 */
export class ConfirmationRequiredError extends SitrepError {
  constructor(
    readonly targets: string[],
    readonly reasons: string[],
  ) {
    super(
      'confirmation_required',
      `Confirm before running: ${reasons.join('; ')}. Targets: ${targets.join(', ')}. Send a confirmation naming every one of these targets.`,
    )
  }
}

/** The block is shown, not run (a template, PromQL, YAML…), or it is empty. */
export class NotRunnableError extends SitrepError {
  constructor(what: string) {
    super('invalid_params', what)
  }
}

/**
 * A captured run of a command that opens an interactive session (`psql`, `oc rsh POD`, `ssh
 * host`, `sudo -i`): it would wait for input until the timeout. It needs *Type into panes*.
 */
export class SessionCommandError extends SitrepError {
  constructor(
    readonly line: number,
    readonly command: string,
    reason: string,
  ) {
    super(
      'invalid_params',
      `Line ${line}: ${command} ${reason}; a captured run cannot type into it. Run it with Type into panes, in an open pane.`,
    )
  }
}
