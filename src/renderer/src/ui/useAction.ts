// The one way forms run a call to main: one at a time (busy), the last failure kept for an
// inline message, and nothing the responder typed is touched on failure.
import { useState } from 'react'

export interface Action<A extends unknown[]> {
  busy: boolean
  error: unknown
  run: (...args: A) => Promise<void>
}

export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = async (...args: A): Promise<void> => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await fn(...args)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}
