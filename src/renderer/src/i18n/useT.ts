// The hook components use for every string: re-renders them when the language changes.
import { useCallback } from 'react'
import type { MessageKey } from './en'
import { translate, useLocale, type Translate, type Vars } from './locale'

export function useT(): Translate {
  const locale = useLocale((s) => s.locale)
  return useCallback((key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale])
}
