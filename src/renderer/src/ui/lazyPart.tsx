// Parts of the screen a responder opens on demand (the metrics dashboard and KPI charts with
// recharts, the postmortem editor, the export and import dialogs, the recording player) load as
// their own chunks the first time they open (issue #20): the first screen parses only what it
// shows. While a chunk loads, a short status line says so to sighted and screen-reader users.
import { lazy, type ComponentType } from 'react'
import { useT } from '../i18n/useT'

/** React.lazy for a module's named export. */
export function lazyPart<M, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): M[K] extends ComponentType<infer P> ? React.LazyExoticComponent<ComponentType<P>> : never {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<unknown> })) as never
}

/** The Suspense fallback: "Loading…" in a polite live region. */
export function PartLoading(): React.JSX.Element {
  const t = useT()
  return (
    <p className="muted" role="status" data-testid="part-loading">
      {t('app.loadingPart')}
    </p>
  )
}
