/** The Open Graph locale (`language_TERRITORY`) of a BCP 47 tag: `de` -> `de_DE`, `zh-Hant` -> `zh_TW`. */
export function ogLocale(language: string): string {
  let locale = locales.get(language)
  if (locale === undefined) {
    locale = maximize(language)
    if (locales.size < 1000) locales.set(language, locale)
  }
  return locale
}

// Every release asks, and a newsroom writes in a handful of languages.
const locales = new Map<string, string>()

function maximize(language: string): string {
  try {
    // Likely-subtags fill in the territory a bare language implies, as Open Graph needs one.
    const locale = new Intl.Locale(language).maximize()
    return locale.region ? `${locale.language}_${locale.region}` : locale.language
  } catch {
    return language.replace(/-/g, '_')
  }
}
