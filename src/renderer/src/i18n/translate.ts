// Looking a message up in a dictionary and filling its {placeholders}: pure, no browser state,
// so logic that formats messages can be tested outside a page.
import { en, type MessageKey, type Messages } from './en'
import { ja } from './ja'

export type Locale = 'en' | 'ja'
export const locales: readonly Locale[] = ['en', 'ja']

const dictionaries: Record<Locale, Messages> = { en, ja }

export type Vars = Record<string, string | number>
export type Translate = (key: MessageKey, vars?: Vars) => string

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[locale][key]
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )
}
