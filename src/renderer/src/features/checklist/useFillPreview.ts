// The command as it will run, asked of main as the values change (main fills placeholders by
// their place in the parsed command; a guess here could show a different text than the one that
// runs). Debounced so typing a value does not send a request per key.
import { useEffect, useState } from 'react'
import type { FillPreview } from '../../../../shared/contract'
import { useRunbooks } from '../../stores/runbooksStore'

const DEBOUNCE_MS = 150

export function useFillPreview(
  runbookId: string,
  commandId: string,
  values: Record<string, string>,
  enabled: boolean,
): FillPreview | null {
  const fillPreview = useRunbooks((s) => s.fillPreview)
  const [preview, setPreview] = useState<FillPreview | null>(null)
  // One key for the values that matter: a new object each render must not re-ask.
  const key = JSON.stringify(values)
  useEffect(() => {
    if (!enabled) return
    let live = true
    const timer = setTimeout(() => {
      const typed = JSON.parse(key) as Record<string, string>
      fillPreview(runbookId, commandId, typed).then(
        (p) => live && setPreview(p),
        () => live && setPreview(null),
      )
    }, DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [runbookId, commandId, key, enabled, fillPreview])
  return enabled ? preview : null
}
