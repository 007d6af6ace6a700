// Where the Chat notifications panel lives while open (outside the menu, which closes): its
// chunk loads when first opened.
import { Suspense } from 'react'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { useNotify } from './notifyStore'

const NotifyPanel = lazyPart(() => import('./NotifyPanel'), 'NotifyPanel')

export function NotifyPanelHost({ incidentId }: { incidentId: string | null }): React.JSX.Element {
  const open = useNotify((s) => s.open)
  if (!open) return <></>
  return (
    <Suspense fallback={<PartLoading />}>
      <NotifyPanel incidentId={incidentId} onClose={() => useNotify.getState().setOpen(false)} />
    </Suspense>
  )
}
