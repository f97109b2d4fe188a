import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {boundedMemo} from '../bounded-memo.js'

/**
 * Glossary: chrome strings are the words pressroom itself puts around a release ("Press release", "Source:", the
 * pager, the subscribe form, a digest's subject), as opposed to the release's own words. Each language has a
 * catalogue, `templates/strings/<language>.json`, of keys to strings; English is complete and the fallback.
 */

/** A catalogue entry: a string, or a string per plural category (`one`, `other`, …) for a count. */
export type ChromeString = string | Partial<Record<Intl.LDMLPluralRule, string>>

/** Every catalogue of a strings folder, by lowercase language tag (`en`, `de`, `zh`). */
export type Catalogues = ReadonlyMap<string, Readonly<Record<string, ChromeString>>>

/** The `templates/strings/` folder of this package (found as create-liquid.ts finds `templates/`). */
export const stringsDir = fileURLToPath(new URL('../../templates/strings/', import.meta.url))

/** The language every catalogue falls back to: the only one guaranteed complete. */
export const fallbackLanguage = 'en'

// Read once per folder and process: catalogues are a few small files, asked for on every page of a build.
const loaded = new Map<string, Catalogues>()

/** The catalogues in `dir` (`<language>.json` each); a folder without them has none, and every key shows as itself. */
export function loadCatalogues(dir: string = stringsDir): Catalogues {
  let catalogues = loaded.get(dir)
  if (catalogues) return catalogues
  const found = new Map<string, Record<string, ChromeString>>()
  let names: string[] = []
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort()
  } catch {
    // No folder: no catalogues.
  }
  for (const name of names) found.set(name.slice(0, -'.json'.length).toLowerCase(), JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, ChromeString>)
  loaded.set(dir, (catalogues = found))
  return catalogues
}

/** The catalogue languages that answer for `language`, most specific first: `zh-Hans-CN` -> `zh-hans-cn`, `zh-hans`, `zh`. */
export function catalogueChain(language: string): string[] {
  const parts = language.toLowerCase().split('-')
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('-'))
}

/** Where a key was found for a language: its entry, and whether it came from the English fallback. */
export interface Lookup {
  entry: ChromeString | undefined
  fallback: boolean
}

/** The entry of `key` for `language`, or English's when the language's catalogues lack it. */
export function lookupString(catalogues: Catalogues, language: string, key: string): Lookup {
  for (const tag of catalogueChain(language)) {
    const entry = catalogues.get(tag)?.[key]
    if (entry !== undefined) return {entry, fallback: false}
  }
  return {entry: catalogues.get(fallbackLanguage)?.[key], fallback: !catalogueChain(language).includes(fallbackLanguage)}
}

/**
 * The chrome string `key` in `language`, `{name}` placeholders filled from `values` and the plural form chosen by
 * `values.count`. Never empty: a key no catalogue has shows as itself, so a page is never missing a word.
 */
export function chromeString(catalogues: Catalogues, language: string, key: string, values: Readonly<Record<string, unknown>> = {}): string {
  const {entry, fallback} = lookupString(catalogues, language, key)
  let text: string
  if (entry === undefined) text = key
  else if (typeof entry === 'string') text = entry
  else {
    const count = Number(values.count ?? 0)
    const rule = pluralRules(fallback ? fallbackLanguage : language).select(count)
    text = entry[rule] ?? entry.other ?? Object.values(entry)[0] ?? key
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

// One plural rule set per language: making one loads ICU data, and listing pages ask for a count on every entry.
const pluralRules = boundedMemo((language: string) => new Intl.PluralRules(language), 256)

/** The keys `language` takes from English (or that no catalogue has), among `keys`: each worth a build warning. */
export function missingStrings(catalogues: Catalogues, language: string, keys: Iterable<string>): string[] {
  return [...keys].filter((key) => {
    const {entry, fallback} = lookupString(catalogues, language, key)
    return entry === undefined || fallback
  })
}

/** The chrome strings a release's body carries (rendered into it, so part of the stamp of cached renders). */
export const bodyStringKeys = ['source', 'about-organization', 'forward-looking', 'media-contacts'] as const

/** The chrome strings pressroom's code names rather than a template: checked like the templates' own. */
export const codeStringKeys: readonly string[] = [...bodyStringKeys, 'digest-subject', 'subject-prefixed']

// `'key' | t`, in single or double quotes, as the templates name a chrome string.
const literalKey = /(['"])([A-Za-z0-9][\w.-]*)\1\s*\|\s*t\b/g

/** The chrome string keys the templates under `root` name literally (`{{ 'source' | t }}`), sorted. */
export function usedStringKeys(root: string): string[] {
  const keys = new Set<string>()
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.isDirectory()) visit(join(dir, entry.name))
      else if (entry.name.endsWith('.liquid')) for (const match of readFileSync(join(dir, entry.name), 'utf8').matchAll(literalKey)) keys.add(match[2] as string)
    }
  }
  visit(root)
  return [...keys].sort()
}
