// The frame every area of the war-room layout shares: a titled panel with a body that scrolls.
import type { ReactNode } from 'react'

interface Props {
  testId: string
  title: string
  className?: string
  children: ReactNode
}

export function Area({ testId, title, className, children }: Props): React.JSX.Element {
  return (
    <section className={`area ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="area-header">
        <h2>{title}</h2>
      </header>
      <div className="area-body">{children}</div>
    </section>
  )
}
