// Running with the confirmation rule: asks first when the UI can see the command needs it, and
// asks anyway when core refuses with confirmation_required (core judges the filled-in text and
// knows which panes are production). The confirmation names exactly the targets shown.
import { useState } from 'react'
import type { RunConfirmation } from '../../../../shared/contract'
import { ApiError } from '../../api'
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog'

type Go = (confirmation?: RunConfirmation) => Promise<void>

export interface ConfirmedRun {
  busy: boolean
  error: unknown
  dialog: React.JSX.Element | null
  start(request: ConfirmRequest, go: Go): void
  fail(error: unknown): void
}

/**
 * Core's rule, asked before the run so the dialog comes first: on a production target anything
 * not read-only, elsewhere state-changing commands and text that did not parse, and whatever the
 * author marked. Core checks again on the filled-in text (and knows panes' production flags).
 */
export function needsConfirmation(req: ConfirmRequest): boolean {
  const production = req.targets.some((x) => x.production)
  return (
    req.authorConfirm ||
    req.blockClass === 'state-changing' ||
    req.parseErrors.length > 0 ||
    (production && req.blockClass !== 'read-only')
  )
}

export function useConfirmedRun(): ConfirmedRun {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [pending, setPending] = useState<{ request: ConfirmRequest; go: Go } | null>(null)

  const attempt = async (request: ConfirmRequest, go: Go, c?: RunConfirmation): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await go(c)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required' && !c) {
        setPending({ request: { ...request, coreMessage: err.message }, go })
      } else setError(err)
    } finally {
      setBusy(false)
    }
  }

  const dialog = pending ? (
    <ConfirmDialog
      request={pending.request}
      onCancel={() => setPending(null)}
      onConfirm={(by) => {
        const { request, go } = pending
        setPending(null)
        void attempt(request, go, { by, targets: request.targets.map((x) => x.name) })
      }}
    />
  ) : null

  return {
    busy,
    error,
    dialog,
    start(request, go) {
      if (busy) return
      if (needsConfirmation(request)) setPending({ request, go })
      else void attempt(request, go)
    },
    fail: setError,
  }
}
