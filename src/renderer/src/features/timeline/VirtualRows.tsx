// A windowed list with fixed row heights: only the rows in view (plus a small margin) exist in
// the DOM, so 100 000 events scroll as smoothly as 100. It sticks to the bottom while the
// responder is at the bottom, keeps the view still when older rows are prepended, and asks for
// older rows when scrolled near the top.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

interface Props {
  count: number
  rowHeight: number
  /** Identity of the first row: when it changes while count grows, rows were prepended. */
  firstKey: number | string | null
  renderRow(index: number): ReactNode
  onNearTop(): void
  header?: ReactNode
  testId?: string
}

const OVERSCAN = 8

export function VirtualRows({
  count,
  rowHeight,
  firstKey,
  renderRow,
  onNearTop,
  header,
  testId,
}: Props): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const atBottom = useRef(true)
  // The same, for rendering (the ref serves the effects, which must not wait for a render).
  const [stuck, setStuck] = useState(true)
  const prev = useRef<{ count: number; firstKey: number | string | null }>({
    count: 0,
    firstKey: null,
  })
  const headerHeight = header ? rowHeight : 0

  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const before = prev.current
    const added = count - before.count
    if (
      before.firstKey !== null &&
      firstKey !== before.firstKey &&
      added > 0 &&
      !atBottom.current
    ) {
      // Older rows went in above: keep the rows the responder is reading where they were.
      el.scrollTop += added * rowHeight
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight
    }
    // Stuck to the bottom, the rows drawn follow the count, not scrollTop: setting it here made
    // React render the whole list again, synchronously, before the first paint (~15 % of the
    // first screen's render in a CPU profile, issue #20). The scroll event brings it anyway.
    if (!atBottom.current) setScrollTop(el.scrollTop)
    prev.current = { count, firstKey }
  }, [count, firstKey, rowHeight])

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(() => {
      setHeight(el.clientHeight)
      if (atBottom.current) el.scrollTop = el.scrollHeight
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const onScroll = useCallback(() => {
    const el = ref.current
    if (!el) return
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < rowHeight / 2
    setStuck(atBottom.current)
    setScrollTop(el.scrollTop)
    if (el.scrollTop < rowHeight * 20) onNearTop()
  }, [onNearTop, rowHeight])

  // Stuck to the bottom, the rows in view are the last ones whatever scrollTop said before the
  // rows changed: the render that receives the first page draws the newest rows at once, instead
  // of the oldest ones, laid out and replaced after the scroll (issue #20: first paint).
  const top = stuck ? Math.max(0, headerHeight + count * rowHeight - height) : scrollTop
  const first = Math.max(0, Math.floor((top - headerHeight) / rowHeight) - OVERSCAN)
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + OVERSCAN)
  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        className="vrow"
        style={{ top: headerHeight + i * rowHeight, height: rowHeight }}
        role="listitem"
      >
        {renderRow(i)}
      </div>,
    )
  }

  return (
    <div className="vrows" ref={ref} onScroll={onScroll} data-testid={testId} role="list">
      <div className="vrows-spacer" style={{ height: headerHeight + count * rowHeight }}>
        {header ? (
          <div className="vrow vrow-header" style={{ top: 0, height: rowHeight }}>
            {header}
          </div>
        ) : null}
        {rows}
      </div>
    </div>
  )
}
