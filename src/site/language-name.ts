import {boundedMemo} from '../bounded-memo.js'

// A newsroom writes in a handful of languages, each named on every page of its translations.
/** A language's name in that language, as a list of translations shows it: `de` -> `Deutsch`, `zh` -> `中文`. */
export const languageName: (language: string) => string = boundedMemo(autonym, 1000)

function autonym(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], {type: 'language'}).of(language) ?? language
    // Some languages write their own name in lowercase (`français`); as a link in a list it starts a sentence.
    return name.charAt(0).toLocaleUpperCase(language) + name.slice(1)
  } catch {
    return language
  }
}
