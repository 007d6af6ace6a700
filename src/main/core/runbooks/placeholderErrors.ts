// Why a placeholder value was refused. Each names the parameter and, where it helps, the line,
// so the responder can fix the value (or the runbook) instead of guessing.
import { SitrepError } from '../errors'

export class PlaceholderValueError extends SitrepError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super('invalid_params', message)
  }
}

export const controlCharacters = (name: string): PlaceholderValueError =>
  new PlaceholderValueError(
    name,
    `The value of ${name} holds a control character (newline, tab, escape…). Values are typed or run as one piece of text; remove it.`,
  )

export const leadingDash = (name: string, line: number): PlaceholderValueError =>
  new PlaceholderValueError(
    name,
    `The value of ${name} starts with "-", so the command on line ${line} would read it as an option. Use a value without the leading dash, or let the runbook declare ${name} as allow-flag (or write -- before it).`,
  )

export const unsafePosition = (name: string, line: number, where: string): PlaceholderValueError =>
  new PlaceholderValueError(
    name,
    `${name} on line ${line} stands ${where}; its value would become code there. Only plain values fit (letters, digits and . _ : / @ -), or the runbook should put the placeholder in a quoted argument.`,
  )

export const sqlPosition = (name: string, line: number): PlaceholderValueError =>
  new PlaceholderValueError(
    name,
    `${name} on line ${line} stands where SQL syntax (a keyword or a piece of a name) would be, not a value or a name: Sitrep fills SQL placeholders only as literals or identifiers. Rewrite the runbook line.`,
  )
