import {boundedMemo} from '../bounded-memo.js'

// Scripts written right to left (ISO 15924): Arabic (and its Nastaliq style), Hebrew, Syriac, Thaana, N'Ko, Adlam,
// Hanifi Rohingya, Mandaic, Samaritan, Old South Arabian, Imperial Aramaic.
const rtlScripts = new Set(['Arab', 'Aran', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Sarb', 'Armi'])

/**
 * The direction text in `language` (a BCP 47 tag) is written in: from its script, given or the likely one (`ar`,
 * `fa`, `he` and `az-Arab` read right to left, `az` and `zh` left to right); an unreadable tag reads left to right.
 */
export const textDirection: (language: string) => 'ltr' | 'rtl' = boundedMemo(directionOf, 1000)

function directionOf(language: string): 'ltr' | 'rtl' {
  try {
    const script = new Intl.Locale(language).maximize().script
    return script !== undefined && rtlScripts.has(script) ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}
