// EN / 日本語. Each language is named in itself, so someone who cannot read the current one
// can still find theirs.
import { locales, useLocale, type Locale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'

const names: Record<Locale, string> = { en: 'EN', ja: '日本語' }

export function LanguageSwitch(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const setLocale = useLocale((s) => s.setLocale)
  return (
    <div
      className="lang-switch"
      role="group"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
    >
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={l === locale ? 'active' : ''}
          aria-pressed={l === locale}
          onClick={() => setLocale(l)}
        >
          {names[l]}
        </button>
      ))}
    </div>
  )
}
