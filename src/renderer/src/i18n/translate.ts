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
  return fill(locale, text, vars)
}

/** Fills `{name}` placeholders and `{count, plural, one {# item} other {# items}}` choices. */
export function fill(locale: Locale, text: string, vars: Vars): string {
  return expandPlurals(locale, text, vars).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )
}

const pluralRules = new Map<Locale, Intl.PluralRules>()

/**
 * The plural form of a count by the language's own rules (Intl.PluralRules: English has "one"
 * and "other", Japanese only "other"), ICU's message syntax: `{n, plural, =0 {none} one {# x}
 * other {# xs}}`, `#` standing for the number. A category the message lacks falls to `other`.
 */
function expandPlurals(locale: Locale, text: string, vars: Vars): string {
  let out = ''
  let i = 0
  const head = /\{(\w+), plural,/g
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const name = m[1] ?? ''
    // Read `selector {body}` pairs up to the closing brace, braces in bodies balanced.
    let j = m.index + m[0].length
    const forms = new Map<string, string>()
    for (;;) {
      while (text[j] === ' ') j++
      if (text[j] === '}' || j >= text.length) break
      const sel = /^[=\w]+/.exec(text.slice(j))?.[0] ?? ''
      j += sel.length
      while (text[j] === ' ') j++
      if (text[j] !== '{' || sel === '') return text
      let depth = 1
      const start = ++j
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++
        else if (text[j] === '}') depth--
        j++
      }
      forms.set(sel, text.slice(start, j - 1))
    }
    const n = Number(vars[name])
    let rules = pluralRules.get(locale)
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)))
    const form = forms.get(`=${n}`) ?? forms.get(rules.select(n)) ?? forms.get('other') ?? ''
    out += text.slice(i, m.index) + form.replace(/#/g, String(vars[name]))
    i = j + 1
    head.lastIndex = i
  }
  return out + text.slice(i)
}
