// The runbook parser's public face: import Markdown runbooks, fill placeholders, judge danger.
export { parseRunbook } from './parse'
export { fillPlaceholders, findPlaceholders, shellQuote } from './placeholders'
export { classifyCommand, type DangerAssessment } from './dangerous'
export { RunbookError, MissingParametersError, InvalidChoiceError } from './errors'
export { allCommands, allSections, allSteps } from './walk'
export type * from './types'
