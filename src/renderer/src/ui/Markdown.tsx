// SafeMarkdown with its parser, markdown-it (~100 KB with its entity tables and linkify), as a
// chunk of its own (issue #20): the first screen shows no Markdown (timeline rows are one-line
// summaries; notes are rendered in the event detail, runbook prose in the checklist, both opened
// or mounted after the newest events are painted), so it is fetched once they are. Until it has
// loaded, the text is shown as written, in the same box.
import { Suspense } from 'react'
import { afterFirstPaint } from '../stores/firstPaint'
import { lazyPart } from './lazyPart'

const load = (): Promise<typeof import('./SafeMarkdown')> => import('./SafeMarkdown')
const Lazy = lazyPart(load, 'SafeMarkdown')
void afterFirstPaint().then(load)

export function Markdown({ text }: { text: string }): React.JSX.Element {
  return (
    <Suspense fallback={<div className="safe-md md-loading">{text}</div>}>
      <Lazy text={text} />
    </Suspense>
  )
}
