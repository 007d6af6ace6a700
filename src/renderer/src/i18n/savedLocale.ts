// The language a page starts in: whatever the responder last picked (kept in localStorage so a
// reload during an incident does not flip it), else a guess from the browser. Apart from
// locale.ts so the entry chunk's first screen sketch speaks it without loading the stores.
import { readStored } from '../stores/stored'
import type { Locale } from './translate'

/** Where the responder's pick is kept. */
export const LOCALE_KEY = 'sitrep.locale'

function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ja'
}

export function initialLocale(): Locale {
  const saved = readStored(LOCALE_KEY)
  if (isLocale(saved)) return saved
  // Nothing picked (or storage disabled): the browser's language is a fine answer.
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}
