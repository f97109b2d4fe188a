import {boundedMemo} from '../bounded-memo.js'

// Every release asks, and a newsroom writes in a handful of languages.
/** The Open Graph locale (`language_TERRITORY`) of a BCP 47 tag: `de` -> `de_DE`, `zh-Hant` -> `zh_TW`. */
export const ogLocale: (language: string) => string = boundedMemo(maximize, 1000)

function maximize(language: string): string {
  try {
    // Likely-subtags fill in the territory a bare language implies, as Open Graph needs one.
    const locale = new Intl.Locale(language).maximize()
    return locale.region ? `${locale.language}_${locale.region}` : locale.language
  } catch {
    return language.replace(/-/g, '_')
  }
}
