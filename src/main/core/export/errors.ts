// Errors a responder can meet while exporting or importing, each saying what to do next.
import { SitrepError } from '../errors'

export class ExportCancelledError extends SitrepError {
  constructor() {
    super('cancelled', 'The export was cancelled. No file was left behind.')
  }
}

/** The bundle is not ours, is damaged, or does not agree with itself: nothing was imported. */
export class BundleInvalidError extends SitrepError {
  constructor(reason: string) {
    super(
      'invalid_params',
      `This file cannot be imported: ${reason} Nothing was changed. Ask the sender to export the incident again as JSON from Sitrep.`,
    )
  }
}

export class ExportFailedError extends SitrepError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('internal', `The export failed: ${reason} No partial file was left behind.`, options)
  }
}
