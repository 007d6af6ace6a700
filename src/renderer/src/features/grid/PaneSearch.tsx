// A pane's search box (Ctrl+Shift+F or the title-bar button): find next/previous in the
// terminal's scrollback, with a case toggle. Enter finds the next match, Shift+Enter the
// previous one, Esc closes the box and gives the keyboard back to the terminal.
import { useEffect, useRef, useState } from 'react'
import type { ISearchOptions } from '@xterm/addon-search'
import { useT } from '../../i18n/useT'
import { findView } from './paneViews'

interface Props {
  sessionId: string
  /** Changes each time the responder asks for search again: the box takes the keyboard. */
  request: number
  onClose(): void
}

interface Results {
  index: number
  count: number
}

// Colours must be #RRGGBB for xterm's decorations.
const DECORATIONS: ISearchOptions['decorations'] = {
  matchBackground: '#4a3c14',
  matchBorder: '#8a7232',
  matchOverviewRuler: '#e3bf6b',
  activeMatchBackground: '#8a6d1f',
  activeMatchBorder: '#f5d68a',
  activeMatchColorOverviewRuler: '#f5d68a',
}

export function PaneSearch({ sessionId, request, onClose }: Props): React.JSX.Element {
  const t = useT()
  const inputRef = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [results, setResults] = useState<Results | null>(null)

  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [request])

  useEffect(() => {
    const view = findView(sessionId)
    if (!view) return
    const sub = view.search.onDidChangeResults((e) =>
      setResults({ index: e.resultIndex, count: e.resultCount }),
    )
    return () => {
      sub.dispose()
      view.search.clearDecorations()
    }
  }, [sessionId])

  const find = (
    direction: 'next' | 'previous',
    text: string,
    matchCase: boolean,
    incremental = false,
  ): void => {
    const search = findView(sessionId)?.search
    if (!search) return
    if (text === '') {
      search.clearDecorations()
      setResults(null)
      return
    }
    const options: ISearchOptions = {
      caseSensitive: matchCase,
      incremental,
      decorations: DECORATIONS,
    }
    if (direction === 'next') search.findNext(text, options)
    else search.findPrevious(text, options)
  }

  let status = ''
  if (results && query !== '') {
    if (results.count === 0) status = t('search.none')
    else if (results.index < 0) status = t('search.many', { count: results.count })
    else status = t('search.position', { index: results.index + 1, count: results.count })
  }

  return (
    <div className="pane-search" role="search" data-testid="search-box">
      <input
        ref={inputRef}
        type="text"
        className="pane-search-input"
        value={query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value)
          find('next', e.target.value, caseSensitive, true)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            find(e.shiftKey ? 'previous' : 'next', query, caseSensitive)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onClose()
          }
        }}
      />
      <span className="pane-search-status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="pane-tool"
        title={t('search.previous')}
        aria-label={t('search.previous')}
        onClick={() => find('previous', query, caseSensitive)}
      >
        ↑
      </button>
      <button
        type="button"
        className="pane-tool"
        title={t('search.next')}
        aria-label={t('search.next')}
        onClick={() => find('next', query, caseSensitive)}
      >
        ↓
      </button>
      <button
        type="button"
        className={`pane-tool pane-search-case${caseSensitive ? ' active' : ''}`}
        title={t('search.caseSensitive')}
        aria-label={t('search.caseSensitive')}
        aria-pressed={caseSensitive}
        onClick={() => {
          setCaseSensitive(!caseSensitive)
          // The addon compares new options with ones it already replaced: without forgetting the
          // last term it would keep the highlights (and the count) of the old case setting.
          findView(sessionId)?.search.clearDecorations()
          find('next', query, !caseSensitive, true)
        }}
      >
        Aa
      </button>
      <button
        type="button"
        className="pane-tool"
        title={t('search.close')}
        aria-label={t('search.close')}
        onClick={onClose}
      >
        ×
      </button>
    </div>
  )
}
