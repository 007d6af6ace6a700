// The responder's language: English or Japanese, first guessed from the browser, then whatever
// they last picked (kept in localStorage so a reload during an incident does not flip it).
import { create } from 'zustand'
import { LOCALE_COOKIE } from '../../../shared/earlyCalls'
import { rememberForFirstScreen } from '../stores/firstScreen'
import { initialLocale, LOCALE_KEY } from './savedLocale'
import { translate, type Locale, type Translate } from './translate'

export { locales, translate, type Locale, type Translate, type Vars } from './translate'

interface LocaleState {
  locale: Locale
  setLocale(locale: Locale): void
}

export const useLocale = create<LocaleState>()((set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    // Kept across reloads (and, in a browser, for the bridge's first screen sketch).
    rememberForFirstScreen(LOCALE_KEY, LOCALE_COOKIE, locale)
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
