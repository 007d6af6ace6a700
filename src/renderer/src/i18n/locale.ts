// The responder's language: English or Japanese, first guessed from the browser, then whatever
// they last picked (kept in localStorage so a reload during an incident does not flip it).
import { create } from 'zustand'
import { translate, type Locale, type Translate } from './translate'

export { locales, translate, type Locale, type Translate, type Vars } from './translate'

const STORAGE_KEY = 'sitrep.locale'

function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ja'
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (isLocale(saved)) return saved
  } catch {
    // Storage can be disabled; the browser's language is a fine answer then.
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

interface LocaleState {
  locale: Locale
  setLocale(locale: Locale): void
}

export const useLocale = create<LocaleState>()((set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    try {
      localStorage.setItem(STORAGE_KEY, locale)
    } catch {
      // Not remembered across reloads, but the switch still works for this page.
    }
    set({ locale })
  },
}))

// Screen readers and the browser's font choice for CJK text follow <html lang>. (No document
// when components are rendered to a string in the unit tests.)
if (typeof document !== 'undefined') {
  document.documentElement.lang = useLocale.getState().locale
  useLocale.subscribe((s) => {
    document.documentElement.lang = s.locale
  })
}

/** For code outside React (terminal plumbing, stores): the current language at call time. */
export const t: Translate = (key, vars) => translate(useLocale.getState().locale, key, vars)
